// `mmulab serve`: the built playground over HTTP on localhost.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';

/** GET a path without URL normalisation (so `..` reaches the server as sent). */
function get(port: number, path: string): Promise<{ status: number; type: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

describe('mmulab serve', () => {
  it('serves dist/web on the port it prints, the Wasm as application/wasm, nothing outside it', async () => {
    const child = spawn('node', ['dist/mmulab.js', 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          const m = /mmulab playground at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(d.toString());
          if (m !== null) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const port = Number(new URL(url).port);
      const index = await get(port, '/');
      expect(index.status).toBe(200);
      expect(index.type).toBe('text/html; charset=utf-8');
      expect(index.body.toString()).toBe(readFileSync('dist/web/index.html', 'utf8'));
      const wasm = await get(port, '/mmulab.wasm');
      expect(wasm.type).toBe('application/wasm');
      expect(wasm.body.equals(readFileSync('dist/web/mmulab.wasm'))).toBe(true);
      expect((await get(port, '/../package.json')).status).toBe(404);
      expect((await get(port, '/nope.js')).status).toBe(404);
    } finally {
      child.kill();
    }
  });

  it('refuses a port that is not a number with a one-line error', async () => {
    const child = spawn('node', ['dist/mmulab.js', 'serve', '--port', 'http'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toContain("option '--port <n>' argument 'http' is invalid. expected a whole number from 0 to 65535");
  });
});

describe('npm run build:web', () => {
  it('leaves no Node module and no module loading in the browser bundles', () => {
    for (const file of ['dist/web/main.js', 'dist/web/worker.js']) {
      const js = readFileSync(file, 'utf8');
      expect(js).not.toMatch(/\bimport\(|\brequire\(/);
      expect(js).not.toMatch(/from\s*["']node:/);
    }
  });

  it('links everything with relative URLs, so any static host (or subdirectory) works', () => {
    const html = readFileSync('dist/web/index.html', 'utf8');
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(urls).toEqual(['style.css', 'main.js']);
    expect(readFileSync('dist/web/main.js', 'utf8')).toContain('new Worker("worker.js")');
    expect(readFileSync('dist/web/worker.js', 'utf8')).toContain('fetch("mmulab.wasm")');
  });
});
