import { describe, expect, it } from "vitest";
import { cameraProblem } from "./cameraProblem.ts";

describe("cameraProblem", () => {
  it("names the cause a person can act on, always starting 'No camera available:'", () => {
    const named = (name: string) => cameraProblem(new DOMException("x", name));
    expect(named("NotAllowedError")).toMatch(/^No camera available: permission to use it was denied/);
    expect(named("NotFoundError")).toBe("No camera available: none was found on this device.");
    expect(named("NotReadableError")).toMatch(/in use by another application/);
    expect(cameraProblem(new Error("the driver crashed"))).toBe("No camera available: the driver crashed");
    expect(cameraProblem("odd")).toBe("No camera available: odd");
  });
});
