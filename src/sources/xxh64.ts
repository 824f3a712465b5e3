/**
 * XXH64 (seed 0), the hash a zstd frame's content checksum is the low 32 bits of (RFC 8878, 3.1.1), fed chunk by
 * chunk. 64-bit words are kept as two unsigned 32-bit halves: BigInt arithmetic was an order of magnitude slower
 * than the decompression it checks.
 *
 * The algorithm (xxHash's specification, XXH64): four lanes take 8 bytes each of every 32-byte stripe
 * (lane = rotl(lane + word × P2, 31) × P1); the digest merges them (or starts from P5 for inputs under 32
 * bytes), adds the length, takes the remaining 8-, 4- and 1-byte pieces, and avalanches.
 */

// The primes as [high, low] 32-bit halves.
const P1: Pair = [0x9e3779b1, 0x85ebca87];
const P2: Pair = [0xc2b2ae3d, 0x27d4eb4f];
const P3: Pair = [0x165667b1, 0x9e3779f9];
const P4: Pair = [0x85ebca77, 0xc2b2ae63];
const P5: Pair = [0x27d4eb2f, 0x165667c5];

type Pair = readonly [number, number];

/** A 64-bit word being worked on: its halves, unsigned. */
class Word {
  constructor(
    public hi = 0,
    public lo = 0,
  ) {}

  set(hi: number, lo: number): this {
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
    return this;
  }

  add(hi: number, lo: number): this {
    const sum = this.lo + (lo >>> 0);
    this.lo = sum >>> 0;
    this.hi = (this.hi + hi + (sum > 0xffff_ffff ? 1 : 0)) >>> 0;
    return this;
  }

  /** × (hi, lo), modulo 2^64. */
  multiply(hi: number, lo: number): this {
    multiply(this.hi, this.lo, hi, lo);
    this.hi = PRODUCT[0]!;
    this.lo = PRODUCT[1]!;
    return this;
  }

  rotateLeft(bits: number): this {
    const { hi, lo } = this;
    if (bits >= 32) {
      const b = bits - 32;
      this.hi = b === 0 ? lo : ((lo << b) | (hi >>> (32 - b))) >>> 0;
      this.lo = b === 0 ? hi : ((hi << b) | (lo >>> (32 - b))) >>> 0;
    } else {
      this.hi = ((hi << bits) | (lo >>> (32 - bits))) >>> 0;
      this.lo = ((lo << bits) | (hi >>> (32 - bits))) >>> 0;
    }
    return this;
  }

  xor(hi: number, lo: number): this {
    this.hi = (this.hi ^ hi) >>> 0;
    this.lo = (this.lo ^ lo) >>> 0;
    return this;
  }

  /** ^= this >>> bits (0 < bits < 64). */
  xorShiftRight(bits: number): this {
    if (bits >= 32) return this.xor(0, bits === 32 ? this.hi : this.hi >>> (bits - 32));
    return this.xor(this.hi >>> bits, ((this.lo >>> bits) | (this.hi << (32 - bits))) >>> 0);
  }
}

const STRIPE = 32;

export class Xxh64 {
  private readonly lanes = [new Word(), new Word(), new Word(), new Word()];
  /** Bytes of an unfinished stripe. */
  private readonly pending = new Uint8Array(STRIPE);
  private pendingLength = 0;
  private length = 0;
  private readonly scratch = new Word();

  constructor() {
    this.lanes[0]!.set(P1[0], P1[1]).add(P2[0], P2[1]);
    this.lanes[1]!.set(P2[0], P2[1]);
    // seed 0, and 0 − P1 (two's complement).
    const negP1 = new Word(~P1[0], ~P1[1]).add(0, 1);
    this.lanes[3]!.set(negP1.hi, negP1.lo);
  }

  update(bytes: Uint8Array): void {
    this.length += bytes.length;
    let i = 0;
    if (this.pendingLength > 0) {
      const take = Math.min(STRIPE - this.pendingLength, bytes.length);
      this.pending.set(bytes.subarray(0, take), this.pendingLength);
      this.pendingLength += take;
      i = take;
      if (this.pendingLength < STRIPE) return;
      this.stripes(this.pending, 0, STRIPE);
      this.pendingLength = 0;
    }
    i = this.stripes(bytes, i, bytes.length);
    this.pending.set(bytes.subarray(i), 0);
    this.pendingLength = bytes.length - i;
  }

  /** The low 32 bits of the digest of everything given (what a zstd frame stores). */
  digestLow32(): number {
    const h = new Word();
    if (this.length >= STRIPE) {
      const [v1, v2, v3, v4] = this.lanes as [Word, Word, Word, Word];
      const rotated = [[v1, 1], [v2, 7], [v3, 12], [v4, 18]] as const;
      for (const [lane, bits] of rotated) {
        const r = new Word(lane.hi, lane.lo).rotateLeft(bits);
        h.add(r.hi, r.lo);
      }
      for (const lane of [v1, v2, v3, v4]) {
        const merged = this.round(new Word(0, 0), lane.hi, lane.lo);
        h.xor(merged.hi, merged.lo).multiply(P1[0], P1[1]).add(P4[0], P4[1]);
      }
    } else {
      h.set(P5[0], P5[1]);
    }
    // The length, as a 64-bit number (exact below 2^53).
    h.add(Math.floor(this.length / 0x1_0000_0000), this.length >>> 0);
    const rest = this.pending;
    let i = 0;
    for (; i + 8 <= this.pendingLength; i += 8) {
      const k = this.round(new Word(0, 0), readU32(rest, i + 4), readU32(rest, i));
      h.xor(k.hi, k.lo).rotateLeft(27).multiply(P1[0], P1[1]).add(P4[0], P4[1]);
    }
    if (i + 4 <= this.pendingLength) {
      const k = new Word(0, readU32(rest, i)).multiply(P1[0], P1[1]);
      h.xor(k.hi, k.lo).rotateLeft(23).multiply(P2[0], P2[1]).add(P3[0], P3[1]);
      i += 4;
    }
    for (; i < this.pendingLength; i++) {
      const k = new Word(0, rest[i]!).multiply(P5[0], P5[1]);
      h.xor(k.hi, k.lo).rotateLeft(11).multiply(P1[0], P1[1]);
    }
    h.xorShiftRight(33).multiply(P2[0], P2[1]);
    h.xorShiftRight(29).multiply(P3[0], P3[1]);
    h.xorShiftRight(32);
    return h.lo;
  }

  /**
   * The whole stripes of 32 bytes in `bytes[at, end)` into the four lanes; returns where they end. The hot loop:
   * words in locals and a result array, not Word objects (3× faster).
   */
  private stripes(bytes: Uint8Array, at: number, end: number): number {
    let stripeEnd = at;
    for (let lane = 0; lane < 4; lane++) {
      let hi = this.lanes[lane]!.hi;
      let lo = this.lanes[lane]!.lo;
      let stripe = at;
      for (; stripe + STRIPE <= end; stripe += STRIPE) {
        const i = stripe + lane * 8;
        // acc = rotl(acc + word × P2, 31) × P1
        multiply(readU32(bytes, i + 4), readU32(bytes, i), P2[0], P2[1]);
        const sumLo = lo + PRODUCT[1]!;
        lo = sumLo >>> 0;
        hi = (hi + PRODUCT[0]! + (sumLo > 0xffff_ffff ? 1 : 0)) >>> 0;
        multiply(((hi << 31) | (lo >>> 1)) >>> 0, ((lo << 31) | (hi >>> 1)) >>> 0, P1[0], P1[1]);
        hi = PRODUCT[0]!;
        lo = PRODUCT[1]!;
      }
      this.lanes[lane]!.set(hi, lo);
      stripeEnd = stripe;
    }
    return stripeEnd;
  }

  /** acc = rotl(acc + input × P2, 31) × P1, in place. */
  private round(acc: Word, inputHi: number, inputLo: number): Word {
    const product = this.scratch.set(inputHi, inputLo).multiply(P2[0], P2[1]);
    return acc.add(product.hi, product.lo).rotateLeft(31).multiply(P1[0], P1[1]);
  }
}

/** Where `multiply` leaves its product: [high, low]. */
const PRODUCT = new Uint32Array(2);

/** (aHi, aLo) × (bHi, bLo) modulo 2^64, into PRODUCT: Word.multiply without an object. */
function multiply(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  const low = a0 * b0;
  const middle = a1 * b0 + a0 * b1 + (low >>> 16);
  PRODUCT[0] = a1 * b1 + Math.floor(middle / 0x1_0000) + Math.imul(aHi, bLo) + Math.imul(aLo, bHi);
  PRODUCT[1] = ((middle & 0xffff) << 16) | (low & 0xffff);
}

/** The little-endian unsigned 32-bit number at `bytes[at]`. */
function readU32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}
