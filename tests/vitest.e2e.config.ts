import { defineConfig } from "vitest/config";

// End-to-end tests: real headless Chromium (system package) driving the production build served by `vite preview`.
export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["tests/e2e/**/*.e2e.ts"],
    environment: "node",
    globalSetup: ["tests/e2e/serve.ts"],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
