// Builds the playground (src/web/) into dist/web/: a static site with
// relative URLs that works from any static host. esbuild bundles the page
// and the Worker for browsers; the Wasm core is copied next to them; the
// programs from programs/ are bundled in (module 'virtual:programs').
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const OUT = 'dist/web';
/** programs/ subdirectories the playground leaves out: bare-metal programs do not run under the kernel. */
const SKIPPED = new Set(['bare', 'bench', 'runtime']);

/** Every .s and .c source (as text) and .elf executable (as base64) under programs/, by path. */
function programFiles() {
  const files = {};
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const rel = relative('programs', path);
      if (statSync(path).isDirectory()) {
        if (!SKIPPED.has(rel)) walk(path);
      } else if (name.endsWith('.s') || name.endsWith('.c')) {
        files[rel] = readFileSync(path, 'utf8');
      } else if (name.endsWith('.elf')) {
        files[rel] = { base64: readFileSync(path).toString('base64') };
      }
    }
  };
  walk('programs');
  return files;
}

const programsPlugin = {
  name: 'programs',
  setup(b) {
    b.onResolve({ filter: /^virtual:programs$/ }, () => ({ path: 'programs', namespace: 'virtual' }));
    b.onLoad({ filter: /.*/, namespace: 'virtual' }, () => ({
      contents: `export const FILES = ${JSON.stringify(programFiles())};`, loader: 'js',
    }));
  },
};

/**
 * Machine.create's Node-only reader of build/mmulab.wasm imports node:fs etc.
 * dynamically; the browser never calls it (it uses Machine.fromWasm). Each
 * node: module becomes a stub that throws if it is ever loaded, so no Node
 * module and no import() is left in the bundle.
 */
const nodeStubPlugin = {
  name: 'node-stub',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'node-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'node-stub' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not available in the browser`)});`, loader: 'js',
    }));
  },
};

mkdirSync(OUT, { recursive: true });
await build({
  entryPoints: { main: 'src/web/main.ts', worker: 'src/web/worker.ts' },
  outdir: OUT,
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: ['chrome110', 'firefox115'],
  plugins: [programsPlugin, nodeStubPlugin],
  // The Node-only reader's import.meta.url, empty in an IIFE bundle, is never used either.
  logOverride: { 'empty-import-meta': 'silent' },
  sourcemap: true,
  logLevel: 'warning',
});
copyFileSync('build/mmulab.wasm', join(OUT, 'mmulab.wasm'));
copyFileSync('src/web/index.html', join(OUT, 'index.html'));
copyFileSync('src/web/style.css', join(OUT, 'style.css'));
