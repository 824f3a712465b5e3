/**
 * Numbers distinct strings 0, 1, 2… in order of first sight, in typed arrays rather than a Map of strings: a
 * `--session` column names millions of users, and a Map entry with its string costs ~80 bytes and a place in
 * every garbage collection, where a key here costs its bytes plus ~8. Keys of Latin-1 characters (ids, hex,
 * UUIDs, e-mail addresses) go into byte arrays; any other key, or a long one, into a Map of its own. The arrays
 * grow by chunks, never by copying: a copy would hold both for a moment, tens of MB at millions of keys.
 *
 * A key comes as a string, or as the bytes of its Latin-1 characters straight from a decoder's buffer (no string
 * made per row); both give it the same number. Each slot of the hash table keeps the high bits of its key's hash
 * beside the key's number, so a probe passes other keys without reading their bytes: among millions of keys each
 * such read is a likely cache miss, and most probes of a lookup meet other keys before their own.
 */

/** Longest key kept in the byte arrays (its length is a byte); longer ones are rare enough for the Map. */
const MAX_PACKED_LENGTH = 255;
/** The hash table grows to twice its size when this share of its slots is taken. */
const MAX_LOAD = 0.7;
/** Bytes per chunk of key bytes; a key never straddles two. */
const BYTE_CHUNK_BITS = 20;
const BYTE_CHUNK = 1 << BYTE_CHUNK_BITS;
const BYTE_CHUNK_MASK = BYTE_CHUNK - 1;
/** Keys per chunk of `lengths` (and of `groupStarts`, a group's start per GROUP keys). */
const KEY_CHUNK_BITS = 16;
const KEY_CHUNK_MASK = (1 << KEY_CHUNK_BITS) - 1;
/**
 * Keys per group: only a group's first key's offset is kept, the others' follow from the lengths before them
 * (keys are packed one after another). 4 bytes of offset per key were 9 MB at 2.2 million keys; now half a byte.
 */
const GROUP_BITS = 3;
const GROUP_MASK = (1 << GROUP_BITS) - 1;

export class InternedKeys {
  /** Number of distinct keys. */
  size = 0;
  /**
   * Hash table of 2^k slots (linear probing): 0 for an empty slot, else the key's number + 1 in the low k bits
   * (the table grows before the numbers outgrow them: see MAX_LOAD) and its hash's high 32 - k bits above them.
   * A slot's place gives the low bits of its key's hash, so a slot whose high bits match holds a key of the same
   * whole hash, very likely the one looked up; only then are the key's bytes compared.
   */
  private slots = new Int32Array(1 << 12);
  /** Key bytes, chunk `offset >>> BYTE_CHUNK_BITS` at `offset & BYTE_CHUNK_MASK`. */
  private readonly bytes: Uint8Array[] = [];
  /** Where the next key's bytes go. */
  private end = 0;
  /** Key i's length, in chunk `i >>> KEY_CHUNK_BITS`; length 0 marks a key in `unpacked`. */
  private readonly lengths: Uint8Array[] = [];
  /** The offset in `bytes` of the first key of each group (see `offsetOf`), in the chunks of `lengths`. */
  private readonly groupStarts: Uint32Array[] = [];
  private readonly unpacked = new Map<string, number>();
  private readonly unpackedKeys = new Map<number, string>();
  /** A key given as a string is copied here as bytes and looked up as keys given as bytes are. */
  private readonly scratch = new Uint8Array(MAX_PACKED_LENGTH);

  /** The number of `key` (a new one when it was not seen before). "" is a Map key (a zero length marks those). */
  indexOf(key: string): number {
    const length = key.length;
    if (length > MAX_PACKED_LENGTH || length === 0) return this.unpackedIndexOf(key);
    const scratch = this.scratch;
    for (let i = 0; i < length; i++) {
      const code = key.charCodeAt(i);
      if (code > 0xff) return this.unpackedIndexOf(key);
      scratch[i] = code;
    }
    return this.indexOfBytes(scratch, 0, length);
  }

  /**
   * The number of the key whose characters are the bytes `bytes[start, end)` read as Latin-1 (one character a
   * byte), the same as `indexOf` gives that string. Not for an empty span: "" is a Map key (a zero length marks
   * those), so give it to `indexOf`.
   */
  indexOfBytes(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (length > MAX_PACKED_LENGTH) return this.unpackedIndexOf(latin1(bytes, start, end));
    const hash = hashOf(bytes, start, end);
    const slots = this.slots;
    const mask = slots.length - 1;
    const high = hash & ~mask;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const taken = slots[slot]!;
      if (taken === 0) {
        const index = this.pack(bytes, start, length);
        slots[slot] = high | (index + 1);
        if (this.size > slots.length * MAX_LOAD) this.rehash();
        return index;
      }
      if ((taken & ~mask) === high && this.holds((taken & mask) - 1, bytes, start, length)) return (taken & mask) - 1;
    }
  }

  /** Key number `index`. */
  keyAt(index: number): string {
    const length = this.lengths[index >>> KEY_CHUNK_BITS]![index & KEY_CHUNK_MASK]!;
    if (length === 0) return this.unpackedKeys.get(index)!;
    const offset = this.offsetOf(index);
    const at = offset & BYTE_CHUNK_MASK;
    return latin1(this.bytes[offset >>> BYTE_CHUNK_BITS]!, at, at + length);
  }

  /** Where key `index`'s bytes start: its group's first key's offset, then each key after it placed as `pack` placed it. */
  private offsetOf(index: number): number {
    const lengths = this.lengths[index >>> KEY_CHUNK_BITS]!;
    const at = index & KEY_CHUNK_MASK;
    const first = at & ~GROUP_MASK;
    let offset = this.groupStarts[index >>> KEY_CHUNK_BITS]![first >>> GROUP_BITS]!;
    for (let k = first; k < at; k++) offset = placed(offset + lengths[k]!, lengths[k + 1]!);
    return offset;
  }

  /** Whether packed key `index` is the `length` bytes at `bytes[start]`. */
  private holds(index: number, bytes: Uint8Array, start: number, length: number): boolean {
    if (this.lengths[index >>> KEY_CHUNK_BITS]![index & KEY_CHUNK_MASK] !== length) return false;
    const offset = this.offsetOf(index);
    const chunk = this.bytes[offset >>> BYTE_CHUNK_BITS]!;
    const at = (offset & BYTE_CHUNK_MASK) - start;
    for (let i = start; i < start + length; i++) if (chunk[at + i] !== bytes[i]) return false;
    return true;
  }

  /** Adds a new key's bytes after the last one's (or at a new chunk when they do not fit); its number. */
  private pack(bytes: Uint8Array, start: number, length: number): number {
    const offset = placed(this.end, length);
    if (offset >>> BYTE_CHUNK_BITS === this.bytes.length) this.bytes.push(new Uint8Array(BYTE_CHUNK));
    const chunk = this.bytes[offset >>> BYTE_CHUNK_BITS]!;
    const at = (offset & BYTE_CHUNK_MASK) - start;
    for (let i = start; i < start + length; i++) chunk[at + i] = bytes[i]!;
    this.end = offset + length;
    return this.added(offset, length);
  }

  private unpackedIndexOf(key: string): number {
    let index = this.unpacked.get(key);
    if (index === undefined) {
      index = this.added(this.end, 0);
      this.unpacked.set(key, index);
      this.unpackedKeys.set(index, key);
      // Not in the table, but numbered: the table grows to keep every number within its slots' low bits.
      if (this.size > this.slots.length * MAX_LOAD) this.rehash();
    }
    return index;
  }

  /** Counts a new key of `length` bytes at `offset` (a Map key: 0 bytes where the next key's would go); its number. */
  private added(offset: number, length: number): number {
    const index = this.size;
    if (index >>> KEY_CHUNK_BITS === this.lengths.length) {
      this.lengths.push(new Uint8Array(1 << KEY_CHUNK_BITS));
      this.groupStarts.push(new Uint32Array(1 << (KEY_CHUNK_BITS - GROUP_BITS)));
    }
    if ((index & GROUP_MASK) === 0) this.groupStarts[index >>> KEY_CHUNK_BITS]![(index & KEY_CHUNK_MASK) >>> GROUP_BITS] = offset;
    this.lengths[index >>> KEY_CHUNK_BITS]![index & KEY_CHUNK_MASK] = length;
    return this.size++;
  }

  /** Twice the slots, every packed key placed again. */
  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    // Every key's offset, placed again from the first as `pack` placed them.
    let end = 0;
    for (let index = 0; index < this.size; index++) {
      const length = this.lengths[index >>> KEY_CHUNK_BITS]![index & KEY_CHUNK_MASK]!;
      if (length === 0) continue;
      const offset = placed(end, length);
      end = offset + length;
      const at = offset & BYTE_CHUNK_MASK;
      const hash = hashOf(this.bytes[offset >>> BYTE_CHUNK_BITS]!, at, at + length);
      let slot = hash & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = (hash & ~mask) | (index + 1);
    }
    this.slots = slots;
  }
}

/** Where a key of `length` bytes goes when the bytes before it end at `end`: there, or at the next chunk if it would straddle two. */
function placed(end: number, length: number): number {
  return (end & BYTE_CHUNK_MASK) + length > BYTE_CHUNK ? (Math.floor(end / BYTE_CHUNK) + 1) * BYTE_CHUNK : end;
}

/** The hash of the key whose Latin-1 characters are `bytes[start, end)`: FNV-1a seeded with the length, its high bits folded into the low ones (the table's slot). */
export function hashOf(bytes: Uint8Array, start: number, end: number): number {
  let hash = end - start;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash ^ (hash >>> 15);
}

/** `bytes[start, end)` read as Latin-1, a character per byte (a few thousand at a time: `apply` takes them as arguments). */
function latin1(bytes: Uint8Array, start: number, end: number): string {
  let text = "";
  for (let at = start; at < end; at += 4096) {
    text += String.fromCharCode.apply(null, bytes.subarray(at, Math.min(end, at + 4096)) as unknown as number[]);
  }
  return text;
}
