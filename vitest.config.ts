import { defineConfig } from 'vitest/config';

// Tests import workspace packages through their `source` export condition, so they run against the
// TypeScript sources (vitest runs tests as SSR modules, hence `ssr.resolve`). Build-time artefacts
// (compiled schemas, the worker script) still come from `pnpm build`.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
