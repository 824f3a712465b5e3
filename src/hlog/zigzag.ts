/**
 * ZigZag LEB128-64b9B, the count encoding of V2 histogram payloads (Java `ZigZagEncoding`).
 *
 * A signed 64-bit value v is ZigZag-mapped to unsigned (0→0, -1→1, 1→2, -2→3, …: `(v << 1) ^ (v >> 63)`), then
 * written low end first in 7-bit groups, the high bit of each byte saying "more follows". At most 8 such bytes
 * carry 56 bits; a 9th byte, if reached, carries the top 8 bits whole (no continuation bit).
 *
 * In a V2 payload a positive value is a count, 0 is one empty bucket, and a negative value -n is a run of n empty
 * buckets. Values here must fit a JS number exactly (|v| ≤ 2^53 - 1).
 */
import { HlogCodecError } from "./errors.js";

/**
 * Reads values one after another from `bytes[position, end)`, `position` moving past each: no object per value
 * (a payload holds thousands, a log thousands of payloads).
 */
export class ZigZagCursor {
  constructor(
    private readonly bytes: Uint8Array,
    public position: number,
    private readonly end: number,
  ) {}

  get done(): boolean {
    return this.position >= this.end;
  }

  /** Reads one ZigZag LEB128-64b9B value, reading no byte at or after `end`. */
  next(): number {
    const { bytes, position, end } = this;
    let unsigned = 0;
    let scale = 1;
    for (let i = 0; i < 7; i++) {
      if (position + i >= end) throw new HlogCodecError("truncated payload: a count is cut off");
      const byte = bytes[position + i]!;
      unsigned += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) {
        this.position = position + i + 1;
        // At most 49 bits so far: exact in a double.
        return unsigned % 2 === 0 ? unsigned / 2 : -(unsigned + 1) / 2;
      }
      scale *= 128;
    }
    return this.longTail();
  }

  // 8 or 9 bytes: redo the sum with BigInt, then insist the value fits a double exactly.
  private longTail(): number {
    const { bytes, position, end } = this;
    let unsigned = 0n;
    let i = 0;
    for (; i < 9; i++) {
      if (position + i >= end) throw new HlogCodecError("truncated payload: a count is cut off");
      const byte = bytes[position + i]!;
      if (i === 8) {
        unsigned |= BigInt(byte) << 56n;
        break;
      }
      unsigned |= BigInt(byte & 0x7f) << BigInt(7 * i);
      if ((byte & 0x80) === 0) break;
    }
    const signed = (unsigned >> 1n) ^ -(unsigned & 1n);
    if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < -BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new HlogCodecError(`count ${signed} is too large for a JS histogram (limit 2^53 - 1)`);
    }
    this.position = position + i + 1;
    return Number(signed);
  }
}

/** Appends `value` ZigZag LEB128-encoded to `out`: a count 0…2^53 - 1, or a zero run -1…-2^31. */
export function writeZigZagLong(out: number[], value: number): void {
  // ZigZag without 64-bit ints: 2v for v ≥ 0, -2v - 1 for v < 0 (exact up to 2^54 in a double).
  let unsigned = value >= 0 ? value * 2 : -value * 2 - 1;
  // Below 2^56 the 9-byte form is never reached, so plain LEB128 is the same as Java's 64b9B.
  while (unsigned >= 0x80) {
    out.push((unsigned % 0x80) | 0x80);
    unsigned = Math.floor(unsigned / 0x80);
  }
  out.push(unsigned);
}
