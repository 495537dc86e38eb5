// An in-memory stand-in for Cache Storage (Node has none), for the loader's cache tests.

/** A minimal Cache Storage (one cache per name; keys are absolute URLs) that counts what it serves. */
export function fakeCaches() {
  const stores = new Map<string, Map<string, Response>>();
  const hits: string[] = [];
  const open = async (name: string) => {
    const store = stores.get(name) ?? new Map<string, Response>();
    stores.set(name, store);
    return {
      match: async (url: string) => {
        const hit = store.get(url);
        if (hit) hits.push(url);
        return hit?.clone();
      },
      put: async (url: string, response: Response) => {
        const body = await response.arrayBuffer();
        store.set(url, new Response(body, { headers: response.headers }));
      },
      delete: async (key: string | Request) => store.delete(typeof key === "string" ? key : key.url),
      keys: async () => [...store.keys()].map((url) => new Request(url)),
    };
  };
  return { caches: { open }, stores, hits };
}
