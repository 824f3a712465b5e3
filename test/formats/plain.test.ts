import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { plainFormat } from "../../src/formats/plain.js";
import type { BlockSink, SampleSink } from "../../src/formats/types.js";
import { decodeLines, type Outcome } from "../helpers/decode.js";

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

  it("block fast path gives exactly what the line path gives, line for line, in every --unit", () => {
    const line = fc.oneof(
      fc.stringMatching(/^ ?\d{1,18}(\.\d{0,9})? ?$/),
      // Near 10^15 ns, the largest latency taken, in every unit: where an integer product and a division part.
      fc.stringMatching(/^(\d{3}|\d{6}|\d{9}|\d{12}|\d{15})(\.\d{1,9})?$/),
      fc.stringMatching(/^\.\d{1,6}$/),
      fc.stringMatching(/^[\d.a-z\t -]{0,10}$/),
      fc.double({ min: 0, max: 1e9, noNaN: true }).map(String),
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 20 }), fc.constantFrom("\n", "\r\n"), fc.constantFrom("ns", "us", "ms", "s"), (lines, eol, unit) => {
        const decoder = plainFormat.createDecoder({ unit });
        const viaBlock: Outcome[] = [];
        const lineNumbers: number[] = [];
        const collect: SampleSink = {
          value: (ns) => viaBlock.push({ value: ns }),
          values: (batch, count) => batch.subarray(0, count).forEach((ns) => viaBlock.push({ value: ns })),
          sample: (s) => viaBlock.push({ value: s.latencyNs }),
          skip: () => viaBlock.push({ skip: true }),
          reject: (reason) => viaBlock.push({ reject: reason }),
        };
        const sink: BlockSink = {
          ...collect,
          slowLine: (bytes, start, end, lineNo) => {
            lineNumbers.push(lineNo);
            decoder.line(Buffer.from(bytes.subarray(start, end)).toString("utf8"), collect);
          },
        };
        const bytes = Buffer.from(`xx${lines.join(eol)}${eol}yy`);
        const count = decoder.decodeBlock!(bytes, 2, bytes.length - 2, 7, sink);
        expect(count).toBe(lines.length);
        expect(viaBlock).toEqual(decodeLines(plainFormat, lines, { unit }));
        for (const n of lineNumbers) expect(n).toBeGreaterThanOrEqual(7);
      }),
      { numRuns: 1000 },
    );
  });

  it("sniffs single numbers", () => {
    expect(plainFormat.sniff(["1", "2.5ms", "3"]).score).toBeGreaterThan(0);
    expect(plainFormat.sniff(["a,b", "1,2"]).score).toBe(0);
  });
});
