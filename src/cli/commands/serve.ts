// `mmulab serve [--port N]`: the playground (dist/web, from `npm run
// build:web`) on a localhost HTTP server. Static files only; the emulator
// runs in the browser.
import { Command } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MmulabError } from '../../errors.js';
import { parseCount } from '../options.js';

export const DEFAULT_PORT = 8765;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.png': 'image/png',
};

export function serveCommand(): Command {
  return new Command('serve')
    .description('serve the browser playground on localhost (build it first: npm run build:web)')
    .option('--port <n>', `TCP port (0 picks a free one; default ${DEFAULT_PORT})`, (v) => parseCount(v, 0, 65535), DEFAULT_PORT)
    .action(async (opts: { port: number }) => {
      const { url } = await startServer(findWebRoot(), opts.port);
      process.stdout.write(`mmulab playground at ${url}\n(Ctrl+C stops it)\n`);
    });
}

/** Serves the files under `root` on 127.0.0.1:port; resolves once listening, with its URL. */
export function startServer(root: string, port: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const file = resolveRequest(root, req.url ?? '/');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (file === null) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    } else {
      res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(new MmulabError(err.code === 'EADDRINUSE' ? `port ${port} is in use (try --port)` : `cannot listen on port ${port}: ${err.message}`));
    });
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actual = typeof address === 'object' && address !== null ? address.port : port;
      resolve({ server, url: `http://127.0.0.1:${actual}/` });
    });
  });
}

// The file a URL path names under root, or null (missing, or outside root: no `..` escapes).
function resolveRequest(root: string, url: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, 'http://localhost').pathname);
  } catch {
    return null;
  }
  const file = normalize(join(root, path.endsWith('/') ? path + 'index.html' : path));
  if (!file.startsWith(normalize(root) + sep)) return null;
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

/** dist/web next to the CLI bundle (dist/mmulab.js), or under the package root when run from the sources. */
export function findWebRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    for (const candidate of [join(dir, 'web'), join(dir, 'dist', 'web')]) {
      if (existsSync(join(candidate, 'index.html'))) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new MmulabError('cannot find the playground (dist/web): run npm run build:web');
    dir = parent;
  }
}
