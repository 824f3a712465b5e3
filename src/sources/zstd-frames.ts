/**
 * Where zstd frames end in a compressed stream read chunk by chunk, and the content checksum each carries — what
 * the decoder (fzstd) skips without checking. Only the headers are read (RFC 8878, 3.1):
 *
 *   frame           = zstd-frame | skippable-frame
 *   zstd-frame      = magic (28 B5 2F FD) header-descriptor [window] [dictionary-id] [content-size: 1, 2 (less
 *                     256), 4 or 8 bytes]
 *                     block… [checksum: 4 bytes, when the descriptor's bit 2 says so]
 *   block           = 3-byte header (bit 0: last; bits 1-2: type; bits 3-23: size) content
 *                     (raw and compressed: size bytes; RLE: 1 byte; type 3 is reserved)
 *   skippable-frame = magic (5? 2A 4D 18) 4-byte size content
 *
 * A stream that is none of these stops the walk: the decoder then says what is wrong with it.
 */

/**
 * A frame that ended in the chunk scanned: the offset in that chunk just past it, its checksum and the size of its
 * content when its header says them.
 */
export interface FrameEnd {
  end: number;
  checksum: number | undefined;
  contentSize: number | undefined;
}

const enum State {
  Magic,
  Descriptor,
  HeaderRest,
  ContentSize,
  BlockHeader,
  BlockContent,
  Checksum,
  SkippableSize,
  SkippableContent,
  Lost,
}

const ZSTD_MAGIC = 0xfd2fb528;
const SKIPPABLE_MAGIC = 0x184d2a50;
const DICTIONARY_ID_BYTES = [0, 1, 2, 4];
const CONTENT_SIZE_BYTES = [0, 2, 4, 8];

export class ZstdFrames {
  private state = State.Magic;
  /** Bytes of the field being read (magic, descriptor, content size, block header, checksum, size), little-endian. */
  private readonly field = new Uint8Array(8);
  private fieldLength = 0;
  /** Bytes still to pass over (header rest, block content, skippable content). */
  private toSkip = 0;
  private hasChecksum = false;
  private contentSizeBytes = 0;
  private contentSize: number | undefined;
  private lastBlock = false;

  /** Whether the walk lost its way (a stream that is not zstd frames): the decoder will say why. */
  get lost(): boolean {
    return this.state === State.Lost;
  }

  /** Whether the stream so far ends where a frame ended (or before the first): else it was cut inside one. */
  get betweenFrames(): boolean {
    return this.state === State.Magic && this.fieldLength === 0;
  }

  /** Reads the next chunk of the stream; returns the frames that ended in it. */
  scan(chunk: Uint8Array): FrameEnd[] {
    const ends: FrameEnd[] = [];
    let i = 0;
    while (i < chunk.length && this.state !== State.Lost) {
      if (this.toSkip > 0) {
        const skipped = Math.min(this.toSkip, chunk.length - i);
        this.toSkip -= skipped;
        i += skipped;
        if (this.toSkip === 0) this.skipped(ends, i);
        continue;
      }
      this.field[this.fieldLength++] = chunk[i++]!;
      // Bytes that cannot begin a frame need not wait for the rest of a magic number to be lost.
      if (this.state === State.Magic && !this.magicSoFar()) {
        this.state = State.Lost;
        break;
      }
      if (this.fieldLength < this.fieldBytes()) continue;
      this.fieldRead(ends, i);
      this.fieldLength = 0;
    }
    return ends;
  }

  /** How many bytes the field of the current state has. */
  private fieldBytes(): number {
    if (this.state === State.ContentSize) return this.contentSizeBytes;
    return this.state === State.Descriptor ? 1 : this.state === State.BlockHeader ? 3 : 4;
  }

  /** Whether the bytes of the magic read so far begin a zstd frame's or a skippable frame's. */
  private magicSoFar(): boolean {
    const zstd = [0x28, 0xb5, 0x2f, 0xfd];
    const skippable = [-1, 0x2a, 0x4d, 0x18];
    let isZstd = true;
    let isSkippable = true;
    for (let i = 0; i < this.fieldLength; i++) {
      const byte = this.field[i]!;
      isZstd &&= byte === zstd[i];
      isSkippable &&= i === 0 ? (byte & 0xf0) === 0x50 : byte === skippable[i];
    }
    return isZstd || isSkippable;
  }

  private fieldValue(): number {
    const f = this.field;
    return (f[0]! | (f[1]! << 8) | (f[2]! << 16) | (f[3]! << 24)) >>> 0;
  }

  /** A whole field was read, ending at `at` in the chunk. */
  private fieldRead(ends: FrameEnd[], at: number): void {
    switch (this.state) {
      case State.Magic: {
        const magic = this.fieldValue();
        if (magic === ZSTD_MAGIC) this.state = State.Descriptor;
        else if ((magic & 0xfffffff0) >>> 0 === SKIPPABLE_MAGIC) this.state = State.SkippableSize;
        else this.state = State.Lost;
        return;
      }
      case State.Descriptor: {
        const descriptor = this.field[0]!;
        const singleSegment = (descriptor >> 5) & 1;
        const contentSizeFlag = descriptor >> 6;
        this.hasChecksum = ((descriptor >> 2) & 1) === 1;
        this.contentSizeBytes = contentSizeFlag === 0 ? singleSegment : CONTENT_SIZE_BYTES[contentSizeFlag]!;
        this.contentSize = undefined;
        // The window descriptor and the dictionary id are passed over; the content size is read.
        this.toSkip = (singleSegment === 1 ? 0 : 1) + DICTIONARY_ID_BYTES[descriptor & 3]!;
        this.state = this.toSkip > 0 ? State.HeaderRest : this.afterHeaderRest();
        return;
      }
      case State.ContentSize: {
        let size = 0;
        for (let i = this.contentSizeBytes - 1; i >= 0; i--) size = size * 256 + this.field[i]!;
        // Two bytes hold the size less 256 (RFC 8878, 3.1.1.1.4).
        this.contentSize = this.contentSizeBytes === 2 ? size + 256 : size;
        this.state = State.BlockHeader;
        return;
      }
      case State.BlockHeader: {
        const header = this.field[0]! | (this.field[1]! << 8) | (this.field[2]! << 16);
        const type = (header >> 1) & 3;
        if (type === 3) {
          this.state = State.Lost;
          return;
        }
        this.lastBlock = (header & 1) === 1;
        this.toSkip = type === 1 ? 1 : header >>> 3;
        this.state = State.BlockContent;
        if (this.toSkip === 0) this.skipped(ends, at);
        return;
      }
      case State.Checksum:
        ends.push({ end: at, checksum: this.fieldValue(), contentSize: this.contentSize });
        this.state = State.Magic;
        return;
      case State.SkippableSize:
        this.toSkip = this.fieldValue();
        this.state = State.SkippableContent;
        if (this.toSkip === 0) this.skipped(ends, at);
        return;
    }
  }

  /** Bytes passed over, ending at `at` in the chunk: what comes next. */
  private skipped(ends: FrameEnd[], at: number): void {
    switch (this.state) {
      case State.HeaderRest:
        this.state = this.afterHeaderRest();
        return;
      case State.BlockContent:
        if (!this.lastBlock) this.state = State.BlockHeader;
        else if (this.hasChecksum) this.state = State.Checksum;
        else {
          ends.push({ end: at, checksum: undefined, contentSize: this.contentSize });
          this.state = State.Magic;
        }
        return;
      case State.SkippableContent:
        ends.push({ end: at, checksum: undefined, contentSize: 0 });
        this.state = State.Magic;
        return;
    }
  }

  private afterHeaderRest(): State {
    return this.contentSizeBytes > 0 ? State.ContentSize : State.BlockHeader;
  }
}
