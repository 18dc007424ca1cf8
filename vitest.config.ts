import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'native/test/**/*.test.ts',
      'src-main/**/*.test.ts',
      'src-renderer/**/*.test.{ts,tsx}',
      'e2e/soak/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    // Real processes, real segments and signals: keep each file in its own process.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
