// A fake FetchBytes whose downloads the test feeds piece by piece (through the loader's sink, as fetchBytes does
// while a body arrives), so a test can stop a file anywhere and look at what the loader made of it so far.
import type { ExpectedFile, FetchBytes } from "../../src/core/data/fetchBytes.ts";

/** One download in progress: its sink, how far it is, and how to end it. */
interface Transfer {
  sink: (chunk: Uint8Array) => void;
  sent: number;
  finish: () => void;
  fail: (error: unknown) => void;
}

export interface StreamingServer {
  fetchBytes: FetchBytes;
  /** Every URL asked for, in order. */
  requested: string[];
  /** The abort signal each URL was fetched with. */
  signals: Map<string, AbortSignal | undefined>;
  /** Sends the next bytes of url's file (it must have been asked for), up to byte `until`. */
  sendUntil(url: string, until: number): void;
  /** Sends the rest of url's file and ends its download. */
  end(url: string): void;
  /** Fails url's download with error. */
  fail(url: string, error: Error): void;
}

/**
 * Serves `files` (decoded bytes, as a sink gets them): a fetch with a sink waits for the test to send its bytes;
 * one without (the manifest) answers at once. URLs of `failing` reject with their error when asked for.
 */
export function streamingServer(
  files: Record<string, Uint8Array>,
  failing: Record<string, Error> = {},
): StreamingServer {
  const requested: string[] = [];
  const signals = new Map<string, AbortSignal | undefined>();
  const transfers = new Map<string, Transfer>();
  const fetchBytes: FetchBytes = async (url, _onProgress, signal, expected?: ExpectedFile) => {
    requested.push(url);
    signals.set(url, signal);
    await Promise.resolve();
    signal?.throwIfAborted();
    if (failing[url]) throw failing[url];
    const file = files[url];
    if (file === undefined) throw new Error(`404 ${url}`);
    if (!expected?.sink) return file.slice().buffer;
    const sink = expected.sink;
    return new Promise<ArrayBuffer>((resolve, reject) => {
      const transfer: Transfer = { sink, sent: 0, finish: () => resolve(new ArrayBuffer(0)), fail: reject };
      transfers.set(url, transfer);
      signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
  };
  const transferOf = (url: string) => {
    const transfer = transfers.get(url);
    if (!transfer) throw new Error(`streamingServer: ${url} was not asked for (asked: ${requested.join(", ")})`);
    return transfer;
  };
  const sendUntil = (url: string, until: number) => {
    const transfer = transferOf(url);
    if (until > transfer.sent) {
      const chunk = files[url].subarray(transfer.sent, until);
      transfer.sent = until;
      try {
        transfer.sink(chunk);
      } catch (error) {
        transfer.fail(error); // fetchBytes fails with what its sink throws
      }
    }
  };
  return {
    fetchBytes,
    requested,
    signals,
    sendUntil,
    end: (url) => {
      sendUntil(url, files[url].length);
      transferOf(url).finish();
    },
    fail: (url, error) => transferOf(url).fail(error),
  };
}
