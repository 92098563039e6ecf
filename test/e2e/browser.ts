// Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core,
// on the playground served in-process from dist/web.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startServer } from '../../src/cli/commands/serve.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = 'test/e2e/artifacts';

export interface Playground {
  page: Page;
  close(): Promise<void>;
}

/** Serves dist/web on a free port and opens it in a fresh headless Chromium at 1366x768. */
export async function openPlayground(): Promise<Playground> {
  const { server, url } = await startServer('dist/web', 0);
  const profile = mkdtempSync(join(tmpdir(), 'mmulab-e2e-'));
  let browser: BrowserContext | null = null;
  try {
    // A persistent context is how playwright passes a fresh --user-data-dir.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1366, height: 768 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('instructions'));
    const b = browser;
    return {
      page,
      async close() {
        await b.close();
        await closeServer(server);
        rmSync(profile, { recursive: true, force: true });
        if (errors.length > 0) throw new Error(`errors in the page: ${errors.join('; ')}`);
      },
    };
  } catch (err) {
    await browser?.close();
    await closeServer(server);
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
