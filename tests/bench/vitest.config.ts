// `npm run bench`'s harness: real headless Chromium against `vite preview` of dist/ (the app and dist/__bench/).
// Only tests/bench/*.run.ts: never part of `npm test`.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["tests/bench/*.run.ts"],
    environment: "node",
    globalSetup: ["tests/e2e/serve.ts"],
    testTimeout: 3_600_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    reporters: ["default"],
  },
});
