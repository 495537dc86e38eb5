import { defineConfig } from "vitest/config";
import type { Plugin } from "vite";
import react from "@vitejs/plugin-react";

/**
 * The built page's Content Security Policy: everything from our own origin, no inline or eval'd script
 * ('wasm-unsafe-eval' only compiles tfjs's WebAssembly), workers from our origin, and nothing from others.
 * Inline styles stay allowed: React and recharts set style attributes. Build only: Vite's dev server injects
 * inline scripts for hot reload.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

function contentSecurityPolicy(): Plugin {
  return {
    name: "content-security-policy",
    apply: "build",
    transformIndexHtml: () => [{ tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: CONTENT_SECURITY_POLICY }, injectTo: "head-prepend" }],
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  worker: { format: "es" },
  build: {
    target: "es2022",
    chunkSizeWarningLimit: 2000,
    // KaTeX's fonts stay files: the CSP has no data: fonts, and small ones would otherwise be inlined as data: URLs
    assetsInlineLimit: (file) => (file.includes("/katex/dist/fonts/") ? false : undefined),
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
    testTimeout: 600_000, // shared 2-core machines stall for seconds at a time; speed lives in `npm run bench`
    hookTimeout: 120_000,
  },
});
