import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file starts its own sandboxes on port 0, so files can run in parallel safely.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
