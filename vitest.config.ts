import { defineConfig } from 'vitest/config';

// Three suites: `unit` needs nothing but Node; `diff` compares against Debian's
// RISC-V tools (GNU as/objdump, qemu) and runs only in `npm run test:diff`;
// `e2e` drives the playground in headless Chromium (`npm run test:e2e`).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 60_000 } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
      { test: { name: 'diff', include: ['test/diff/**/*.test.ts'], testTimeout: 1_800_000, hookTimeout: 600_000 } },
    ],
  },
});
