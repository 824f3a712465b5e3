/** Decoding repeated byte strings of the fast paths (labels, keys, thread names) once, not once a line. */

/** Decoded texts of recent byte strings (labels, keys), so that repeated ones cost no new string. */
export class TextCache {
  private static readonly MAX_BYTES = 256;
  private readonly keys: (Uint8Array | undefined)[];
  private readonly texts: string[];

  /**
   * `slots`: a power of two; each byte string has one slot, where it replaces the one before. `trimmed`: texts come
   * with `String.prototype.trim` applied (group values), once per distinct bytes rather than once a line.
   */
  constructor(
    private readonly slots = 1024,
    private readonly trimmed = false,
  ) {
    this.keys = new Array<Uint8Array | undefined>(slots).fill(undefined);
    this.texts = new Array<string>(slots).fill("");
  }

  /** `bytes[start, end)` decoded as UTF-8, as Buffer's `toString` decodes the same bytes within a whole line. */
  text(bytes: Uint8Array, start: number, end: number): string {
    const length = end - start;
    if (length > TextCache.MAX_BYTES) return this.decoded(bytes, start, end);
    let hash = length;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    const slot = (hash ^ (hash >>> 15)) & (this.slots - 1);
    const key = this.keys[slot];
    if (key !== undefined && key.length === length) {
      let same = true;
      for (let i = 0; i < length; i++) {
        if (key[i] !== bytes[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.texts[slot]!;
    }
    const text = this.decoded(bytes, start, end);
    // A copy: Buffer's `slice` is a view, and the bytes under it are overwritten by the next read.
    this.keys[slot] = Uint8Array.prototype.slice.call(bytes, start, end);
    this.texts[slot] = text;
    return text;
  }

  private decoded(bytes: Uint8Array, start: number, end: number): string {
    const text = utf8(bytes, start, end);
    return this.trimmed ? text.trim() : text;
  }
}

function utf8(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString("utf8");
}

