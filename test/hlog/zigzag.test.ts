import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HlogCodecError } from "../../src/hlog/errors.js";
import { ZigZagCursor, writeZigZagLong } from "../../src/hlog/zigzag.js";

// Reference ZigZag LEB128-64b9B with BigInt, following Java's ZigZagEncoding.putLong.
function referenceEncode(value: bigint): number[] {
  let v = BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
  const out: number[] = [];
  for (let i = 0; i < 8; i++) {
    if (v >> 7n === 0n) {
      out.push(Number(v));
      return out;
    }
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

/** The value at the start of `bytes[0, end)` and the position after it. */
function readZigZagLong(bytes: Uint8Array, position: number, end: number): { value: number; next: number } {
  const cursor = new ZigZagCursor(bytes, position, end);
  const value = cursor.next();
  return { value, next: cursor.position };
}

const read = (bytes: number[]) => readZigZagLong(Uint8Array.from(bytes), 0, bytes.length);

describe("ZigZag LEB128-64b9B", () => {
  it("encodes small values as Java does", () => {
    const cases: Array<[number, number[]]> = [
      [0, [0]],
      [-1, [1]],
      [1, [2]],
      [-2, [3]],
      [63, [126]],
      [64, [0x80, 0x01]],
      [-65, [0x81, 0x01]],
    ];
    for (const [value, bytes] of cases) {
      const out: number[] = [];
      writeZigZagLong(out, value);
      expect(out).toEqual(bytes);
      expect(read(bytes)).toEqual({ value, next: bytes.length });
    }
  });

  it("round-trips counts up to 2^53 - 1 and zero runs down to -2^31, matching the BigInt reference", () => {
    const value = fc.oneof(fc.maxSafeNat(), fc.integer({ min: -(2 ** 31), max: 0 }), fc.constantFrom(2 ** 49, 2 ** 53 - 1));
    fc.assert(
      fc.property(value, (v) => {
        const out: number[] = [];
        writeZigZagLong(out, v);
        expect(out).toEqual(referenceEncode(BigInt(v)));
        expect(read(out)).toEqual({ value: v, next: out.length });
      }),
    );
  });

  it("reads the 8- and 9-byte forms", () => {
    const eightBytes = referenceEncode(2n ** 52n);
    expect(eightBytes).toHaveLength(8);
    expect(read(eightBytes).value).toBe(2 ** 52);
    const nine = referenceEncode(-(2n ** 62n));
    expect(nine).toHaveLength(9);
    expect(() => read(nine)).toThrow(HlogCodecError);
    expect(() => read(nine)).toThrow(/too large/);
  });

  it("rejects values a JS number cannot hold exactly", () => {
    expect(() => read(referenceEncode(2n ** 53n))).toThrow(/too large for a JS histogram/);
  });

  it("rejects a value cut off by the end of the payload", () => {
    expect(() => read([0x80])).toThrow(HlogCodecError);
    expect(() => readZigZagLong(Uint8Array.from([0x80, 0x01]), 0, 1)).toThrow(/cut off/);
    expect(() => read(referenceEncode(2n ** 52n).slice(0, 7))).toThrow(/cut off/);
  });
});
