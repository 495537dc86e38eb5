// Registers the service worker that vite-plugin-pwa builds (src/build/pwa.ts): production builds only, so `vite`
// (dev) never gets one. Registered once the page has loaded, so its precaching does not compete with the page's
// own first downloads.

/** Registers `sw.js` in production builds where service workers exist; a failure only costs the offline copy. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  const register = () => {
    navigator.serviceWorker
      .register(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL })
      .catch((error: unknown) => console.warn(`Service worker not registered (no offline copy): ${String(error)}`));
  };
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
}
