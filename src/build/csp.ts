/**
 * The Content Security Policy, from one source: the built page's <meta> tag, the Content-Security-Policy
 * header of `vite preview` and `vite` (dev) and public/_headers for static hosts all come from CSP_DIRECTIVES
 * (csp.test.ts checks that they agree). The header also covers the Web Worker, which a <meta> tag cannot.
 */
import { createHash } from "node:crypto";
import type { Plugin } from "vite";

/** Name of the HTTP header (and of the <meta http-equiv>) that carries the policy. */
export const CSP_HEADER = "Content-Security-Policy";

/**
 * The policy, directive by directive: everything from our own origin, no inline or eval'd script
 * ('wasm-unsafe-eval' only compiles tfjs's WebAssembly), workers from our origin, nothing from others. No
 * 'unsafe-inline' for styles: React's style props and KaTeX's render() set CSSOM properties, which CSP allows;
 * the built HTML has no <style> element or style attribute, and CSS arrives as files (<link rel="stylesheet">).
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  "default-src": ["'self'"],
  "script-src": ["'self'", "'wasm-unsafe-eval'"],
  "worker-src": ["'self'"],
  "style-src": ["'self'"],
  "img-src": ["'self'", "data:", "blob:"],
  "connect-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'none'"],
};

/** A policy as a header value: "name source source; name source…". */
export function serializePolicy(directives: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(" "))
    .join("; ");
}

/** The built page's policy: the <meta> tag, the preview server's header and public/_headers. */
export const CONTENT_SECURITY_POLICY = serializePolicy(CSP_DIRECTIVES);

/** The CSP source expression ('sha256-…') that allows one inline script with exactly this text. */
export function scriptHash(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/**
 * The dev server's policy: the same, plus what only `vite` (dev) needs: the hashes of the inline scripts it
 * adds to index.html (React Fast Refresh's preamble), and 'unsafe-inline' styles (its client injects every
 * imported CSS file as a <style> element). The built page gets neither.
 */
export function devContentSecurityPolicy(inlineScripts: readonly string[]): string {
  return serializePolicy({
    ...CSP_DIRECTIVES,
    "script-src": [...CSP_DIRECTIVES["script-src"], ...inlineScripts.map(scriptHash)],
    "style-src": [...CSP_DIRECTIVES["style-src"], "'unsafe-inline'"],
  });
}

/** public/_headers (Netlify, Cloudflare Pages): the policy as a header on every path, the worker's script included. */
export function staticHostHeaders(): string {
  return [
    "# The policy of src/build/csp.ts (CONTENT_SECURITY_POLICY); csp.test.ts fails when this file differs.",
    "# Netlify and Cloudflare Pages read this file; other hosts: send the same header on every response.",
    "/*",
    `  ${CSP_HEADER}: ${CONTENT_SECURITY_POLICY}`,
    "",
  ].join("\n");
}

/** Vite plugin: the policy as the built page's first <meta> tag (`vite` dev sends it as a header only). */
export function contentSecurityPolicyMeta(): Plugin {
  return {
    name: "content-security-policy",
    apply: "build",
    transformIndexHtml: () => [
      { tag: "meta", attrs: { "http-equiv": CSP_HEADER, content: CONTENT_SECURITY_POLICY }, injectTo: "head-prepend" },
    ],
  };
}
