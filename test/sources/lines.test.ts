import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forEachLine, LineSplitter } from "../../src/sources/lines.js";

interface Collected {
  lines: string[];
  oversized: number[];
}

function split(chunks: Buffer[], maxLineBytes?: number): Collected {
  const collected: Collected = { lines: [], oversized: [] };
  const line = (bytes: Buffer, start: number, end: number, lineNo: number) => {
    expect(lineNo).toBe(collected.lines.length + collected.oversized.length + 1);
    collected.lines.push(bytes.toString("utf8", start, end));
  };
  const splitter = new LineSplitter(
    "test",
    {
      line,
      block: (bytes, start, end, firstLineNo) => {
        expect(bytes[end - 1]).toBe(10);
        return forEachLine(bytes, start, end, firstLineNo, line);
      },
      oversized: (lineNo) => collected.oversized.push(lineNo),
    },
    maxLineBytes,
  );
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return collected;
}

/** Cuts `text` into chunks at the given positions. */
function chunked(text: string | Buffer, cuts: number[]): Buffer[] {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let previous = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(previous, p));
    previous = p;
  }
  return chunks.filter((c) => c.length > 0);
}

describe("LineSplitter", () => {
  it("gives the same lines wherever the chunks are cut", () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z0-9 .µ]{0,12}$/), { maxLength: 30 }),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 10 }),
        (lines, eol, finalNewline, cuts) => {
          const text = lines.join(eol) + (finalNewline && lines.length > 0 ? eol : "");
          const expected = text.split(eol);
          if (expected[expected.length - 1] === "") expected.pop();
          expect(split(chunked(text, cuts)).lines).toEqual(expected);
        },
      ),
    );
  });

  it("drops a UTF-8 byte-order mark, even when it arrives byte by byte", () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("1\n2\n")]);
    expect(split([text]).lines).toEqual(["1", "2"]);
    expect(split(chunked(text, [1, 2, 3, 4])).lines).toEqual(["1", "2"]);
  });

  it("refuses UTF-16", () => {
    expect(() => split([Buffer.from([0xff, 0xfe, 0x31, 0x00, 0x0a, 0x00])])).toThrow(/UTF-16/);
  });

  it("reports a line over the limit once, without holding it, and goes on", () => {
    const long = "x".repeat(100);
    const result = split(chunked(`1\n${long}\n2\n${long}`, [5, 30, 60, 104, 130]), 50);
    expect(result.lines).toEqual(["1", "2"]);
    expect(result.oversized).toEqual([2, 4]);
  });
});
