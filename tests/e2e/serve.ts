import { preview, type PreviewServer } from "vite";
import type { TestProject } from "vitest/node";

let server: PreviewServer | null = null;

/** Serves the production build (dist/) for the e2e tests; the URL is provided as "baseUrl". */
export async function setup(project: TestProject): Promise<void> {
  server = await preview({ preview: { port: 4318, strictPort: false, host: "127.0.0.1" }, logLevel: "warn" });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error("vite preview did not report a URL");
  project.provide("baseUrl", url);
}

/** Stops the preview server. */
export async function teardown(): Promise<void> {
  await server?.close();
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
