import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import { VitePWA } from "vite-plugin-pwa";
import {
  CONTENT_SECURITY_POLICY,
  CSP_HEADER,
  contentSecurityPolicyMeta,
  devContentSecurityPolicy,
} from "./src/build/csp.ts";
import { PWA_OPTIONS } from "./src/build/pwa.ts";

const base = "/";
/** The inline script plugin-react adds to index.html in dev (React Fast Refresh's preamble): the dev policy allows it by hash. */
const refreshPreamble = react.preambleCode.replace("__BASE__", base);

export default defineConfig({
  base,
  // the service worker and web app manifest (src/build/pwa.ts): built by `vite build` only
  plugins: [react(), contentSecurityPolicyMeta(), VitePWA(PWA_OPTIONS)],
  // the policy as a header too: a <meta> tag does not cover the Web Worker (src/build/csp.ts)
  server: { headers: { [CSP_HEADER]: devContentSecurityPolicy([refreshPreamble]) } },
  preview: { headers: { [CSP_HEADER]: CONTENT_SECURITY_POLICY } },
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
