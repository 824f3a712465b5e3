import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/temp-root.ts"],
    // Two cores: two test files at a time.
    pool: "forks",
    poolOptions: { forks: { maxForks: 2 } },
    testTimeout: 60_000,
    // Hooks build and remove whole checkouts (the action's, the pack test's): slow on a loaded machine.
    hookTimeout: 120_000,
    // `npm run coverage`: the lines of src/ the tests run in-process (spawned processes are not seen).
    coverage: { provider: "v8", include: ["src/**/*.ts"], reporter: ["text-summary"] },
  },
});
