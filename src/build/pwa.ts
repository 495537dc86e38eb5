/**
 * The installable, offline app: a web app manifest and a service worker made by vite-plugin-pwa (Workbox,
 * generateSW) at build time. `vite` (dev) gets neither: the plugin's service worker is off in dev, and
 * registerServiceWorker() (src/app/serviceWorker.ts) registers only in production builds.
 *
 * What the service worker does:
 * - precaches the app shell: index.html, the page's and the trainer worker's scripts, CSS, KaTeX's woff2 fonts and
 *   tfjs's three small wasm binaries (the WASM backend trains offline), so a reload without network opens the app;
 * - runtime-caches, cache-first, ONNX Runtime's wasm binaries (3 files, about 69 MB, used by the compression lab
 *   and ONNX export only) the first time they are fetched, instead of precaching them;
 * - leaves the datasets alone: the loader keeps them in Cache Storage itself (src/core/data/fetchBytes.ts), which
 *   also works on a first visit, whose downloads begin before any service worker controls the page.
 * A new build's service worker waits until every tab of the old one is closed (no reload in the middle of a run).
 */
import type { VitePWAOptions } from "vite-plugin-pwa";

/** Cache of ONNX Runtime's wasm binaries, filled on first use. */
export const ORT_CACHE_NAME = "cnn-playground-onnxruntime";

export const PWA_OPTIONS: Partial<VitePWAOptions> = {
  registerType: "prompt", // the new version waits; "autoUpdate" would reload a page that may be training
  injectRegister: false, // registered from src/main.tsx: no inline script (the CSP allows none)
  manifestFilename: "manifest.webmanifest",
  includeAssets: ["icon.svg"],
  manifest: {
    name: "CNN Playground",
    short_name: "CNN Playground",
    description: "Build, train and inspect convolutional neural networks in your browser.",
    start_url: ".",
    scope: ".",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: "#1f4e8c",
    icons: [{ src: "icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" }],
  },
  workbox: {
    globPatterns: ["**/*.{html,js,css,woff2,svg,webmanifest}", "assets/tfjs-backend-wasm*.wasm"],
    // the datasets are cached by their loader; the bench page is not part of the app
    globIgnores: ["datasets/**", "__bench/**", "**/ort-wasm-*"],
    maximumFileSizeToCacheInBytes: 8 * 1024 * 1024, // the trainer worker's script is 2.5 MB
    // Vite's file names carry a content hash: fetched normally (an HTTP revalidation), not re-downloaded
    dontCacheBustURLsMatching: /-[\w-]{8}\.\w+$/,
    navigateFallback: "index.html",
    navigateFallbackDenylist: [/^\/__bench\//, /^\/datasets\//],
    clientsClaim: true, // the first visit's page is controlled once installed: ONNX Runtime gets cached on use
    cleanupOutdatedCaches: true,
    runtimeCaching: [
      {
        urlPattern: ({ url }) => /\/ort-wasm-[^/]*\.wasm$/.test(url.pathname),
        handler: "CacheFirst",
        options: { cacheName: ORT_CACHE_NAME, expiration: { maxEntries: 6 } },
      },
    ],
  },
  devOptions: { enabled: false },
};
