// A throttling HTTP proxy in front of `vite preview`: one shared link of LINK's bandwidth, and LINK's latency
// before each response starts. Chromium's own emulation (CDP Network.emulateNetworkConditions) throttles only the
// page's requests, not those of its Web Worker (the datasets) or of the service worker (the precache); a proxy
// throttles, and counts, every byte any of them takes from the server.
import http from "node:http";

/** The emulated link: 20 Mbit/s down, 40 ms latency. */
export const LINK = { downloadMbit: 20, latencyMs: 40 };

/** Bytes sent to the browser since the last reset: response bodies plus an estimate of the headers. */
export interface WireCounts {
  bytes: number;
  datasetBytes: number;
  requests: number;
}

export interface ThrottledProxy {
  url: string;
  counts: WireCounts;
  reset(): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the proxy on a free port of 127.0.0.1, forwarding to `target` (e.g. "http://127.0.0.1:4318/"). */
export async function startThrottledProxy(target: string): Promise<ThrottledProxy> {
  const upstream = new URL(target);
  const bytesPerMs = (LINK.downloadMbit * 1e6) / 8 / 1000;
  const agent = new http.Agent({ keepAlive: true });
  let linkFreeAt = 0; // when the shared link has sent everything queued so far
  const counts: WireCounts = { bytes: 0, datasetBytes: 0, requests: 0 };

  /** Waits for the link to carry `length` bytes (queued after everything before them). */
  const transmit = (length: number) => {
    const now = performance.now();
    linkFreeAt = Math.max(linkFreeAt, now) + length / bytesPerMs;
    return sleep(linkFreeAt - now);
  };

  const server = http.createServer(async (req, res) => {
    await sleep(LINK.latencyMs);
    const isDataset = (req.url ?? "").startsWith("/datasets/");
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: upstream.host },
        agent,
      },
      async (response) => {
        const headerBytes = Object.entries(response.headers).reduce(
          (sum, [name, value]) => sum + name.length + String(value).length + 4,
          20,
        );
        counts.requests++;
        counts.bytes += headerBytes;
        await transmit(headerBytes);
        res.writeHead(response.statusCode ?? 502, response.headers);
        for await (const chunk of response) {
          const bytes = (chunk as Buffer).length;
          counts.bytes += bytes;
          if (isDataset) counts.datasetBytes += bytes;
          await transmit(bytes);
          if (!res.write(chunk)) await new Promise((resolve) => res.once("drain", resolve));
        }
        res.end();
      },
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("proxy: no port");
  return {
    url: `http://127.0.0.1:${address.port}/`,
    counts,
    reset: () => Object.assign(counts, { bytes: 0, datasetBytes: 0, requests: 0 }),
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
