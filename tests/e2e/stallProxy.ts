// An HTTP proxy in front of the preview server that sends the first bytes of one file and then holds the rest back
// until the test releases it: a download that stalls, on any machine, for as long as the test needs. (Playwright's
// route.fulfill sends a body whole, and Chromium's network emulation does not reach the Web Worker's downloads.)
import http from "node:http";

export interface StallProxy {
  url: string;
  /** Bytes of the held file sent so far, of its total (0 until it is asked for). */
  sent(): { bytes: number; total: number };
  /** Whether the held file has stalled: its first part sent, the rest held back. */
  stalled(): boolean;
  /** Sends the rest. */
  release(): void;
  close(): Promise<void>;
}

/** Proxies `target`; the response whose path matches `held` stops after `share` (0..1) of its body until release(). */
export async function startStallProxy(target: string, held: RegExp, share: number): Promise<StallProxy> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  let sent = 0;
  let total = 0;
  let isStalled = false;
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));

  const server = http.createServer((req, res) => {
    const isHeld = held.test(new URL(req.url ?? "/", "http://x").pathname);
    const headers = { ...req.headers, host: upstream.host };
    // the held file as it is, with its length: vite preview would gzip it again for a browser that accepts gzip
    if (isHeld) delete headers["accept-encoding"];
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent },
      async (response) => {
        res.writeHead(response.statusCode ?? 502, response.headers);
        if (!isHeld) return void response.pipe(res);
        total = Number(response.headers["content-length"]);
        if (!(total > 0)) throw new Error(`stall proxy: ${req.url} came without its length`);
        const holdAt = Math.floor(total * share);
        for await (const chunk of response) {
          let bytes = chunk as Buffer;
          if (sent < holdAt && sent + bytes.length > holdAt) {
            res.write(bytes.subarray(0, holdAt - sent));
            bytes = bytes.subarray(holdAt - sent);
            sent = holdAt;
          }
          if (sent >= holdAt && !isStalled) {
            isStalled = true;
            await released;
          }
          sent += bytes.length;
          if (!res.write(bytes)) await new Promise((resolve) => res.once("drain", resolve));
        }
        res.end();
      },
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("stall proxy: no port");
  return {
    url: `http://127.0.0.1:${address.port}/`,
    sent: () => ({ bytes: sent, total }),
    stalled: () => isStalled && sent < total,
    release,
    close: () =>
      new Promise<void>((resolve) => {
        release();
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
