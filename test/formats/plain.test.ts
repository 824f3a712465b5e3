import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { plainFormat } from "../../src/formats/plain.js";
import type { SampleSink } from "../../src/formats/types.js";
import { decodeLines } from "../helpers/decode.js";

describe("plain", () => {
  it("reads numbers with and without units, skips blanks and comments, rejects the rest", () => {
    expect(decodeLines(plainFormat, ["12", "850us", "1.5 s", "", "# note", "abc", "-4", "NaN"])).toEqual([
      { value: 12e6 },
      { value: 850e3 },
      { value: 1.5e9 },
      { skip: true },
      { skip: true },
      { reject: "not a number" },
      { reject: "negative" },
      { reject: "not finite" },
    ]);
  });

  it("uses --unit for bare numbers", () => {
    expect(decodeLines(plainFormat, ["250"], { unit: "us" })).toEqual([{ value: 250e3 }]);
  });

  it("byte fast path gives exactly what the string path gives, or declines", () => {
    const decoder = plainFormat.createDecoder({ unit: "ms" });
    const line = fc.oneof(
      fc.stringMatching(/^ ?\d{1,18}(\.\d{0,9})? ?$/),
      fc.stringMatching(/^\.\d{1,6}$/),
      fc.stringMatching(/^[\d.a-z\t -]{0,10}$/),
      fc.double({ min: 0, max: 1e9, noNaN: true }).map(String),
    );
    fc.assert(
      fc.property(line, (text) => {
        const fast: unknown[] = [];
        const sink: SampleSink = {
          value: (ns) => fast.push(ns),
          sample: () => fast.push("sample"),
          skip: () => fast.push("skip"),
          reject: (r) => fast.push(r),
        };
        const bytes = Buffer.from(`x${text}y`);
        const handled = decoder.lineBytes!(bytes, 1, bytes.length - 1, sink);
        if (!handled) {
          expect(fast).toEqual([]);
          return;
        }
        const [slow] = decodeLines(plainFormat, [text], { unit: "ms" });
        expect(fast).toEqual(["value" in slow! ? slow.value : "not a value"]);
      }),
      { numRuns: 2000 },
    );
  });

  it("sniffs single numbers", () => {
    expect(plainFormat.sniff(["1", "2.5ms", "3"]).score).toBeGreaterThan(0);
    expect(plainFormat.sniff(["a,b", "1,2"]).score).toBe(0);
  });
});
