// Builds the bench page (tests/bench/page) into dist/__bench/, next to the app, so one `vite preview` of dist/
// serves both from one origin. Only dist/__bench/ is emptied; the app's build is left alone.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL("./page/", import.meta.url)),
  base: "/__bench/",
  publicDir: false, // the datasets are the app's (dist/datasets/)
  worker: { format: "es" },
  logLevel: "warn",
  build: {
    target: "es2022",
    outDir: fileURLToPath(new URL("../../dist/__bench/", import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 5000,
  },
});
