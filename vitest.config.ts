import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'devserver/test/**/*.test.ts'],
    // Two cores: test files run in separate processes, two at a time at most.
    pool: 'forks',
    maxWorkers: 2,
    // One embedded Postgres per run; each test file copies a migrated template database.
    // The CLI tests run the built binary: global-build.ts builds dist/ when it is stale.
    globalSetup: ['test/helpers/global-chromium.ts', 'test/helpers/global-postgres.ts', 'test/helpers/global-workflow-bundle.ts', 'test/helpers/global-build.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
