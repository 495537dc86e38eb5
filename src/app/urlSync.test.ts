import { beforeEach, describe, expect, it, vi } from "vitest";
import type { LayerConfig } from "../config/schema.ts";

// The page's address bar, history and local storage, in Node: enough for urlSync and the store's persist.
class FakeStorage {
  private items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, String(value));
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}
const page = { href: "http://localhost/", entries: [""], at: 0 };
const listeners = new Map<string, Set<() => void>>();
const location = {
  get hash() {
    return page.entries[page.at];
  },
  get href() {
    return `${page.href}${page.entries[page.at]}`;
  },
};
const history = {
  state: null,
  pushState(_state: unknown, _title: string, hash: string) {
    page.entries = [...page.entries.slice(0, page.at + 1), hash];
    page.at++;
  },
  replaceState(_state: unknown, _title: string, hash: string) {
    page.entries[page.at] = hash;
  },
};
/** Browser Back or Forward by `delta` entries: moves in the history, then fires popstate. */
function go(delta: number): void {
  page.at += delta;
  for (const listener of listeners.get("popstate") ?? []) listener();
}

// The tiny preset with a Conv2D appended after Flatten (as "Add layer → Conv2D" does): parseable, does not train.
const TINY_PLUS_CONV = "c8k5,mp2,c16k5,mp2,f,c32k3";
const STORED_LAYERS: LayerConfig[] = [
  { kind: "flatten" },
  { kind: "maxPool2d", poolSize: 2, stride: 2, padding: "valid" },
];

vi.stubGlobal("localStorage", new FakeStorage());
vi.stubGlobal("window", globalThis); // zustand's persist reads window.localStorage
vi.stubGlobal("location", location);
vi.stubGlobal("history", history);
vi.stubGlobal("addEventListener", (type: string, listener: () => void) => {
  listeners.set(type, (listeners.get(type) ?? new Set()).add(listener));
});
vi.stubGlobal("removeEventListener", (type: string, listener: () => void) => listeners.get(type)?.delete(listener));
const { DEFAULT_CONFIG } = await import("../config/presets.ts");
localStorage.setItem(
  "cnn-playground",
  JSON.stringify({
    state: { config: { ...DEFAULT_CONFIG, layers: STORED_LAYERS }, backendPreference: "wasm" },
    version: 1,
  }),
);
vi.mock("./actions.ts", () => ({ chooseBackend: vi.fn(async () => {}), chooseDataset: vi.fn(async () => {}) }));

const { useAppStore } = await import("./store.ts");
const { readLinkAtStart, shareLink, stackProblem, startUrlSync } = await import("./urlSync.ts");
const { decodeExperiment } = await import("../config/urlCodec.ts");

const layersOf = (hash: string) => decodeExperiment(hash).experiment.config.layers;
const hashWith = (layers: string) => `#v=1&ds=mnist&l=${layers}&opt=adam&lr=0.005&bs=64&ep=1&vf=0.1&seed=42&be=auto`;

describe("a persisted stack that does not train", () => {
  it("comes back as it is after a reload (the store's merge checks structure and limits, not shapes)", () => {
    expect(useAppStore.getState().config.layers).toEqual(STORED_LAYERS);
    expect(useAppStore.getState().backendPreference).toBe("wasm");
  });

  it("but a stored stack over the limits falls back to the defaults", () => {
    const merge = useAppStore.persist.getOptions().merge;
    const tooMany = { config: { ...DEFAULT_CONFIG, layers: Array.from({ length: 17 }, () => ({ kind: "flatten" })) } };
    expect(merge?.(tooMany, useAppStore.getState()).config).toBe(useAppStore.getState().config);
  });
});

describe("a link whose stack does not train yet", () => {
  beforeEach(() => {
    page.entries = [""];
    page.at = 0;
    useAppStore.setState({ config: DEFAULT_CONFIG, linkErrors: [], status: "idle" });
  });

  it("opens as it is on reload, with no link error, and the address bar keeps it", () => {
    page.entries = [hashWith(TINY_PLUS_CONV)];
    readLinkAtStart();
    const { config, linkErrors } = useAppStore.getState();
    expect(config.layers).toEqual(layersOf(`l=${TINY_PLUS_CONV}`));
    expect(config.layers).toHaveLength(6);
    expect(linkErrors).toEqual([]);
    expect(layersOf(location.hash)).toEqual(config.layers);
    expect(stackProblem()).toMatch(/^Layer 6 \("c32k3"\): /);
  });

  it("comes back through Back and Forward", async () => {
    const stop = startUrlSync();
    try {
      let now = Date.now() + 60_000;
      vi.spyOn(Date, "now").mockImplementation(() => (now += 10_000)); // each edit after a pause: one history entry each
      const tiny = layersOf(`l=${TINY_PLUS_CONV.replace(",c32k3", "")}`);
      useAppStore.setState({ config: { ...DEFAULT_CONFIG, layers: tiny } });
      const invalid = layersOf(`l=${TINY_PLUS_CONV}`);
      useAppStore.setState({ config: { ...useAppStore.getState().config, layers: invalid } });
      const moved = [...invalid.slice(0, 4), invalid[5], invalid[4]] as LayerConfig[]; // Move up twice: valid
      useAppStore.setState({ config: { ...useAppStore.getState().config, layers: moved } });
      expect(stackProblem()).toBeNull();

      go(-1);
      expect(useAppStore.getState().config.layers).toEqual(invalid);
      expect(useAppStore.getState().linkErrors).toEqual([]);
      go(-1);
      expect(useAppStore.getState().config.layers).toEqual(tiny);
      go(+1);
      expect(useAppStore.getState().config.layers).toEqual(invalid);
    } finally {
      stop();
      vi.restoreAllMocks();
    }
  });

  it("is what Share's link holds", () => {
    const layers = layersOf(`l=${TINY_PLUS_CONV}`);
    useAppStore.setState({ config: { ...useAppStore.getState().config, layers } });
    expect(layersOf(new URL(shareLink()).hash)).toEqual(layers);
  });

  it("still falls back, field by field, when it cannot be parsed or breaks the limits", () => {
    page.entries = [hashWith("c32k3,c999k3,f")];
    readLinkAtStart();
    expect(useAppStore.getState().config.layers).toEqual(DEFAULT_CONFIG.layers);
    expect(useAppStore.getState().config.learningRate).toBe(0.005);
    expect(useAppStore.getState().linkErrors).toEqual([
      expect.stringMatching(
        /^Layer 2 \("c999k3"\): filters must be at most 256; the seed model's layers were used instead\.$/,
      ),
    ]);
  });
});

describe("stackProblem", () => {
  it("names the layer, the head or the whole stack, and is null for a stack that trains", () => {
    expect(stackProblem(DEFAULT_CONFIG)).toBeNull();
    expect(stackProblem({ ...DEFAULT_CONFIG, layers: layersOf("l=d64,f") })).toMatch(
      /^Layer 1 \("d64"\): Dense needs a flat input/,
    );
    expect(stackProblem({ ...DEFAULT_CONFIG, layers: layersOf("l=c8k3") })).toMatch(/^The classifier head: /);
    expect(stackProblem({ ...DEFAULT_CONFIG, layers: layersOf("l=c256k7p,c256k7p,gap") })).toMatch(
      /^The stack on MNIST digits: .*multiply-accumulates/,
    );
  });
});
