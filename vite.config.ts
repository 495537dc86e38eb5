import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  worker: { format: "es" },
  build: { target: "es2022", chunkSizeWarningLimit: 2000 },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
    testTimeout: 600_000, // shared 2-core machines stall for seconds at a time; speed lives in `npm run bench`
    hookTimeout: 120_000,
  },
});
