/** core/portable.ts transferList: the buffers a worker hands back with its state, each once. */
import { describe, expect, it } from "vitest";
import { transferList } from "../../src/core/portable.js";

describe("transferList", () => {
  it("finds every typed array's buffer under objects and lists, each once, and nothing else", () => {
    const shared = new Float64Array(4);
    const own = new Uint32Array(2);
    const view = new Uint8Array(shared.buffer, 8, 4);
    const state = { a: shared, list: [1, "x", null, { b: own, c: [view, shared] }], n: 3, s: "text", none: undefined };
    const found = transferList(state);
    expect(found).toHaveLength(2);
    expect(new Set(found)).toEqual(new Set([shared.buffer, own.buffer]));
  });

  it("finds them in a worker's state of a long list of plain values beside many small objects", () => {
    const buffers = Array.from({ length: 1000 }, () => new Float64Array(1));
    const state = { numbers: Array.from({ length: 1_000_000 }, (_, i) => i), series: buffers.map((starts) => ({ key: "", starts })) };
    expect(transferList(state)).toEqual(buffers.map((b) => b.buffer));
  });
});
