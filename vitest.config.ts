import { defineConfig } from 'vitest/config';

// Tests import workspace packages through their `source` export condition, so they run
// against TypeScript sources; build-time artefacts (compiled validators) come from `pnpm build`.
export default defineConfig({
  resolve: { conditions: ['source'] },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
