import { describe, expect, it } from "vitest";
import { skipUnchangedWrites, type TextStorage } from "./unchangedWrites.ts";

/** A storage that counts its writes. */
function countingStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  const writes: Array<[string, string]> = [];
  const storage: TextStorage = {
    getItem: (name) => items.get(name) ?? null,
    setItem: (name, value) => {
      writes.push([name, value]);
      items.set(name, value);
    },
    removeItem: (name) => void items.delete(name),
  };
  return { storage, writes, items };
}

describe("skipUnchangedWrites", () => {
  it("writes a key's first value, then only values that differ", () => {
    const { storage, writes } = countingStorage();
    const s = skipUnchangedWrites(storage);
    s.setItem("a", "1");
    s.setItem("a", "1");
    s.setItem("a", "2");
    s.setItem("a", "2");
    s.setItem("b", "2");
    expect(writes).toEqual([
      ["a", "1"],
      ["a", "2"],
      ["b", "2"],
    ]);
  });

  it("does not write back what it has just read", () => {
    const { storage, writes } = countingStorage({ a: "stored" });
    const s = skipUnchangedWrites(storage);
    expect(s.getItem("a")).toBe("stored");
    s.setItem("a", "stored");
    expect(writes).toEqual([]);
    s.setItem("a", "new");
    expect(writes).toEqual([["a", "new"]]);
  });

  it("writes again after a removal", () => {
    const { storage, writes, items } = countingStorage();
    const s = skipUnchangedWrites(storage);
    s.setItem("a", "1");
    s.removeItem("a");
    expect(items.has("a")).toBe(false);
    s.setItem("a", "1");
    expect(writes).toEqual([
      ["a", "1"],
      ["a", "1"],
    ]);
  });
});
