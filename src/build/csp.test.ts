import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import katex from "katex";
import { createServer, preview, type HtmlTagDescriptor, type IndexHtmlTransformHook } from "vite";
import { describe, expect, it } from "vitest";
import config from "../../vite.config.ts";
import { CONCEPTS } from "../ui/concepts/concepts.ts";
import {
  CONTENT_SECURITY_POLICY,
  CSP_HEADER,
  contentSecurityPolicyMeta,
  scriptHash,
  staticHostHeaders,
} from "./csp.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const configFile = join(root, "vite.config.ts");
const directives = (policy: string) =>
  new Map(
    policy.split(/;\s*/).map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name, sources];
    }),
  );

/** The <meta> tags the build plugin adds to index.html. */
function metaTags(): HtmlTagDescriptor[] {
  const hook = contentSecurityPolicyMeta().transformIndexHtml as IndexHtmlTransformHook;
  const tags = hook.call(undefined as never, "", { path: "/index.html", filename: "index.html" });
  if (!Array.isArray(tags)) throw new Error("the plugin returned no tags");
  return tags;
}

describe("Content Security Policy: one source for the meta tag and the headers", () => {
  it("the built page's meta tag, the preview header and public/_headers are the same policy, default-src 'self'", () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("'wasm-unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).not.toContain("unsafe-inline");
    expect(CONTENT_SECURITY_POLICY).not.toContain("'unsafe-eval'");
    const [meta] = metaTags();
    expect(meta.attrs).toEqual({ "http-equiv": "Content-Security-Policy", content: CONTENT_SECURITY_POLICY });
    expect(config.preview?.headers?.[CSP_HEADER]).toBe(CONTENT_SECURITY_POLICY);
    expect(readFileSync(join(root, "public/_headers"), "utf8")).toBe(staticHostHeaders());
  });

  it("the dev header is the same policy plus only the inline preamble's hash and inline styles", () => {
    const dev = directives(String(config.server?.headers?.[CSP_HEADER]));
    const built = directives(CONTENT_SECURITY_POLICY);
    expect([...dev.keys()]).toEqual([...built.keys()]);
    for (const [name, sources] of built) {
      const extra = dev.get(name)?.filter((s) => !sources.includes(s));
      expect(dev.get(name)).toEqual(expect.arrayContaining(sources));
      if (name === "script-src") expect(extra?.every((s) => /^'sha256-[A-Za-z0-9+/]+=*'$/.test(s))).toBe(true);
      else if (name === "style-src") expect(extra).toEqual(["'unsafe-inline'"]);
      else expect(extra).toEqual([]);
    }
  });

  it("index.html has no inline script or style for the policy to block", () => {
    const html = readFileSync(join(root, "index.html"), "utf8");
    expect(html).not.toMatch(/<style|\sstyle=/i);
    for (const script of html.match(/<script\b[^>]*>/gi) ?? []) expect(script).toMatch(/\ssrc=/);
  });

  it("KaTeX's render() sets no style attribute for our formulas (only CSSOM properties, which the policy allows)", () => {
    // render() builds spans through element.style (allowed) but SVG and MathML nodes through setAttribute: a
    // style attribute there would need 'unsafe-inline'. renderToString writes both as markup; check the latter.
    for (const [id, concept] of Object.entries(CONCEPTS)) {
      const html = katex.renderToString(concept.formula, { throwOnError: true, displayMode: true });
      const viaSetAttribute = [...html.matchAll(/<(svg|math)\b[\s\S]*?<\/\1>/g)].map((m) => m[0]).join("");
      expect(viaSetAttribute.match(/<[^>]*\sstyle=/g) ?? [], id).toEqual([]);
    }
  });
});

describe("Content Security Policy as an HTTP header", () => {
  it("`vite` (dev) sends it on the page and on scripts (the worker's too), and it allows the page's inline scripts", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "csp-vite-"));
    const server = await createServer({
      configFile,
      root,
      cacheDir,
      logLevel: "silent",
      server: { port: 0, host: "127.0.0.1", strictPort: false },
    });
    try {
      await server.listen();
      const base = server.resolvedUrls?.local[0];
      if (!base) throw new Error("no dev server URL");
      const expected = String(config.server?.headers?.[CSP_HEADER]);
      const page = await fetch(base);
      expect(page.headers.get(CSP_HEADER)).toBe(expected);
      const html = await page.text();
      const inline = [...html.matchAll(/<script\b(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]);
      expect(inline.length).toBeGreaterThan(0); // React Fast Refresh's preamble
      for (const text of inline) expect(expected).toContain(scriptHash(text));
      for (const path of ["src/config/layerInfo.ts", "src/worker/trainer.worker.ts?worker_file&type=module"]) {
        const response = await fetch(new URL(path, base));
        expect(response.status, path).toBe(200);
        expect(response.headers.get(CSP_HEADER), path).toBe(expected);
      }
    } finally {
      await server.close();
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it("`vite preview` sends the built page's policy on every file", async () => {
    const outDir = mkdtempSync(join(tmpdir(), "csp-preview-"));
    writeFileSync(join(outDir, "index.html"), "<!doctype html><title>t</title>");
    writeFileSync(join(outDir, "worker.js"), "self.onmessage = () => {};");
    const server = await preview({
      configFile,
      root,
      logLevel: "silent",
      build: { outDir },
      preview: { port: 0, host: "127.0.0.1", strictPort: false },
    });
    try {
      const base = server.resolvedUrls?.local[0];
      if (!base) throw new Error("no preview URL");
      for (const path of ["", "worker.js"]) {
        const response = await fetch(new URL(path, base));
        expect(response.status, path).toBe(200);
        expect(response.headers.get(CSP_HEADER), path).toBe(CONTENT_SECURITY_POLICY);
      }
    } finally {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
