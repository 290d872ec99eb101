import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that spawn bin/ run the compiled build: rebuild dist/ first if a source changed since.
    globalSetup: ['scripts/ensure-build.ts'],
    // Each file starts its own sandboxes on port 0, so files can run in parallel safely.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
