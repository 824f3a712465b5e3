/**
 * Numbers distinct strings 0, 1, 2… in order of first sight, in typed arrays rather than a Map of strings: a
 * `--session` column names millions of users, and a Map entry with its string costs ~80 bytes and a place in
 * every garbage collection, where a key here costs its bytes plus ~10. Keys of Latin-1 characters (ids, hex,
 * UUIDs, e-mail addresses) go into byte arrays; any other key, or a long one, into a Map of its own. The arrays
 * grow by chunks, never by copying: a copy would hold both for a moment, tens of MB at millions of keys.
 */

/** Longest key kept in the byte arrays (its length is a byte); longer ones are rare enough for the Map. */
const MAX_PACKED_LENGTH = 255;
/** The hash table grows to twice its size when this share of its slots is taken. */
const MAX_LOAD = 0.7;
/** Bytes per chunk of key bytes; a key never straddles two. */
const BYTE_CHUNK_BITS = 20;
const BYTE_CHUNK_MASK = (1 << BYTE_CHUNK_BITS) - 1;
/** Keys per chunk of `starts` and `lengths`. */
const KEY_CHUNK_BITS = 16;
const KEY_CHUNK_MASK = (1 << KEY_CHUNK_BITS) - 1;

export class InternedKeys {
  /** Number of distinct keys. */
  size = 0;
  /** Hash table: index + 1 of the key in each slot, 0 for an empty slot (linear probing). */
  private slots = new Int32Array(1 << 12);
  /** Key bytes, chunk `offset >>> BYTE_CHUNK_BITS` at `offset & BYTE_CHUNK_MASK`. */
  private readonly bytes: Uint8Array[] = [];
  /** Where the next key's bytes go. */
  private end = 0;
  /** Key i's offset in `bytes` and length, in chunk `i >>> KEY_CHUNK_BITS`; length 0 marks a key in `unpacked`. */
  private readonly starts: Uint32Array[] = [];
  private readonly lengths: Uint8Array[] = [];
  private readonly unpacked = new Map<string, number>();
  private readonly unpackedKeys = new Map<number, string>();

  /** The number of `key` (a new one when it was not seen before). Not for "": the zero length marks a Map key. */
  indexOf(key: string): number {
    const length = key.length;
    if (length > MAX_PACKED_LENGTH) return this.unpackedIndexOf(key);
    let hash = length;
    for (let i = 0; i < length; i++) {
      const code = key.charCodeAt(i);
      if (code > 0xff) return this.unpackedIndexOf(key);
      hash = Math.imul(hash ^ code, 0x01000193);
    }
    const mask = this.slots.length - 1;
    const slots = this.slots;
    for (let slot = (hash ^ (hash >>> 15)) & mask; ; slot = (slot + 1) & mask) {
      const taken = slots[slot]!;
      if (taken === 0) {
        const index = this.pack(key);
        slots[slot] = index + 1;
        if (this.size > slots.length * MAX_LOAD) this.rehash();
        return index;
      }
      const index = taken - 1;
      if (this.lengths[index >>> KEY_CHUNK_BITS]![index & KEY_CHUNK_MASK] !== length) continue;
      const start = this.starts[index >>> KEY_CHUNK_BITS]![index & KEY_CHUNK_MASK]!;
      const bytes = this.bytes[start >>> BYTE_CHUNK_BITS]!;
      const at = start & BYTE_CHUNK_MASK;
      let same = true;
      for (let i = 0; i < length; i++) {
        if (bytes[at + i] !== key.charCodeAt(i)) {
          same = false;
          break;
        }
      }
      if (same) return index;
    }
  }

  /** Key number `index`. */
  keyAt(index: number): string {
    const length = this.lengths[index >>> KEY_CHUNK_BITS]![index & KEY_CHUNK_MASK]!;
    if (length === 0) return this.unpackedKeys.get(index)!;
    const start = this.starts[index >>> KEY_CHUNK_BITS]![index & KEY_CHUNK_MASK]!;
    const at = start & BYTE_CHUNK_MASK;
    return String.fromCharCode.apply(null, this.bytes[start >>> BYTE_CHUNK_BITS]!.subarray(at, at + length) as unknown as number[]);
  }

  /** Adds a new Latin-1 key after the last one's bytes (or at a new chunk when they do not fit); its number. */
  private pack(key: string): number {
    if ((this.end & BYTE_CHUNK_MASK) + key.length > 1 << BYTE_CHUNK_BITS || this.end >>> BYTE_CHUNK_BITS === this.bytes.length) {
      if (this.end >>> BYTE_CHUNK_BITS < this.bytes.length) this.end = this.bytes.length * (1 << BYTE_CHUNK_BITS);
      this.bytes.push(new Uint8Array(1 << BYTE_CHUNK_BITS));
    }
    const start = this.end;
    const bytes = this.bytes[start >>> BYTE_CHUNK_BITS]!;
    const at = start & BYTE_CHUNK_MASK;
    for (let i = 0; i < key.length; i++) bytes[at + i] = key.charCodeAt(i);
    this.end += key.length;
    return this.added(start, key.length);
  }

  private unpackedIndexOf(key: string): number {
    let index = this.unpacked.get(key);
    if (index === undefined) {
      index = this.added(0, 0);
      this.unpacked.set(key, index);
      this.unpackedKeys.set(index, key);
    }
    return index;
  }

  /** Counts a new key of `length` bytes at `start`; its number. */
  private added(start: number, length: number): number {
    const index = this.size;
    if (index >>> KEY_CHUNK_BITS === this.starts.length) {
      this.starts.push(new Uint32Array(1 << KEY_CHUNK_BITS));
      this.lengths.push(new Uint8Array(1 << KEY_CHUNK_BITS));
    }
    this.starts[index >>> KEY_CHUNK_BITS]![index & KEY_CHUNK_MASK] = start;
    this.lengths[index >>> KEY_CHUNK_BITS]![index & KEY_CHUNK_MASK] = length;
    return this.size++;
  }

  /** Twice the slots, every packed key placed again. */
  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let index = 0; index < this.size; index++) {
      const length = this.lengths[index >>> KEY_CHUNK_BITS]![index & KEY_CHUNK_MASK]!;
      if (length === 0) continue;
      const start = this.starts[index >>> KEY_CHUNK_BITS]![index & KEY_CHUNK_MASK]!;
      const bytes = this.bytes[start >>> BYTE_CHUNK_BITS]!;
      const at = start & BYTE_CHUNK_MASK;
      let hash = length;
      for (let i = at; i < at + length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
      let slot = (hash ^ (hash >>> 15)) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = index + 1;
    }
    this.slots = slots;
  }
}
