// Stream helpers of fetchBytes.ts: reading a body whole or forwarding it chunk by chunk, counting its bytes, and
// gzip decoding (DecompressionStream), with nothing but ReadableStream (Web Workers, the main thread, Node 20).

const GZIP_MAGIC = [0x1f, 0x8b];

/** An error of the caller's sink, or a wrong magic seen while forwarding: passed on as it is (its cause). */
export class ForwardError extends Error {}

/**
 * Hands a stream's chunks to sink as they arrive; the first headLength bytes go to onHead (which throws when they are
 * not the file expected) before the sink sees any. Returns the number of bytes passed.
 */
export async function forward(
  stream: ReadableStream<Uint8Array>,
  sink: (chunk: Uint8Array) => void,
  onHead: (head: Uint8Array) => void,
  headLength: number,
): Promise<number> {
  const reader = stream.getReader();
  const head: number[] = [];
  let held: Uint8Array[] | null = []; // chunks that came before the head was whole
  let length = 0;
  const pass = (chunk: Uint8Array | undefined) => {
    if (held && chunk) {
      head.push(...chunk.subarray(0, headLength - head.length));
      held.push(chunk);
    }
    if (held && (head.length === headLength || !chunk)) {
      onHead(Uint8Array.from(head));
      const chunks = held;
      held = null;
      chunks.forEach(sink);
    } else if (!held && chunk) sink(chunk);
  };
  for (;;) {
    const { done, value } = await reader.read();
    try {
      pass(value);
    } catch (error) {
      if (!done) await reader.cancel(error).catch(() => {});
      throw new ForwardError("forwarding failed", { cause: error });
    }
    if (done) return length;
    length += value.length;
  }
}

/** Reads a stream to its end into one buffer, growing it when sizeHint was too small. */
export async function readAll(stream: ReadableStream<Uint8Array>, sizeHint: number): Promise<Uint8Array> {
  let bytes = new Uint8Array(sizeHint);
  let length = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (length + value.length > bytes.length) {
      const grown = new Uint8Array(Math.max(bytes.length * 2, length + value.length, 1 << 16));
      grown.set(bytes.subarray(0, length));
      bytes = grown;
    }
    bytes.set(value, length);
    length += value.length;
  }
  return length === bytes.length ? bytes : bytes.slice(0, length);
}

/** The body as a stream that counts its bytes, plus whether it starts with gzip's magic number. */
export async function countedBody(
  body: ReadableStream<Uint8Array>,
  onBytes: (chunkBytes: number) => void,
  signal: AbortSignal | undefined,
): Promise<{ stream: ReadableStream<Uint8Array>; isGzip: boolean }> {
  const reader = body.getReader();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  while (headBytes < GZIP_MAGIC.length) {
    const { done, value } = await reader.read();
    if (done) break;
    head.push(value);
    headBytes += value.length;
  }
  let first = head.length === 1 ? head[0] : new Uint8Array(headBytes);
  if (head.length > 1) {
    let offset = 0;
    for (const chunk of head) {
      first.set(chunk, offset);
      offset += chunk.length;
    }
  }
  const isGzip = first[0] === GZIP_MAGIC[0] && first[1] === GZIP_MAGIC[1];
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      // a pull must enqueue or close: it is not called again for a read that is already waiting
      for (;;) {
        signal?.throwIfAborted();
        const chunk = first.length > 0 ? first : (await reader.read()).value;
        first = new Uint8Array(0);
        if (chunk === undefined) return controller.close();
        if (chunk.length === 0) continue;
        onBytes(chunk.length);
        return controller.enqueue(chunk);
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return { stream, isGzip };
}

/** DecompressionStream("gzip") as a Uint8Array → Uint8Array pair (its writable side takes any BufferSource). */
export const gunzip = () => new DecompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
