import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/property/**/*.test.ts', 'test/support/**/*.test.ts'],
        },
      },
      {
        // Needs the real S3-compatible server; the global setup starts it unless S3_ENDPOINT answers.
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/contract/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/s3-server.setup.ts'],
        },
      },
    ],
  },
});
