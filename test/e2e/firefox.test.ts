// The playground in Firefox (Debian's firefox-esr, when installed): loads,
// runs hello.s, resets and stops at the first page fault. Firefox runs
// headless on a harness page (firefox-harness.html) that clicks through the
// playground and reports back over HTTP.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FIREFOX = '/usr/bin/firefox-esr';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

describe.skipIf(!existsSync(FIREFOX))('playground in Firefox', () => {
  it('loads, runs hello.s, resets and X-rays the first page fault', async () => {
    const reports: string[] = [];
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => { done = resolve; });
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/report') {
        const m = url.searchParams.get('m') ?? '';
        reports.push(m);
        if (m === 'done' || m.startsWith('error')) done();
        res.end();
        return;
      }
      const file = url.pathname === '/harness.html' ? 'test/e2e/firefox-harness.html' : join('dist/web', url.pathname);
      if (!existsSync(file) || url.pathname.includes('..')) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const home = mkdtempSync(join(tmpdir(), 'mmulab-firefox-'));
    mkdirSync(join(home, 'profile')); // a fresh profile, as the Chromium tests use a fresh --user-data-dir
    const firefox = spawn(FIREFOX, ['--headless', '--no-remote', '--profile', join(home, 'profile'), `http://127.0.0.1:${port}/harness.html`],
      { env: { ...process.env, HOME: home }, stdio: 'ignore' });
    try {
      await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 60_000))]);
    } finally {
      firefox.kill();
      server.close();
      rmSync(home, { recursive: true, force: true });
    }
    expect(reports).toEqual([
      'loaded: hello.s · 0 instructions · ready',
      `console: ${readFileSync('programs/hello.expected', 'utf8')}`,
      'paused: hello.s · 1 instructions · paused · pid 1 pc 0x10000',
      'cause: 12',
      'done',
    ]);
  });
});
