/**
 * Buffers of reads that ended, for the next read on this thread. A read's buffers live as long as it does, so they
 * are freed only by a full collection, which V8 puts off while its own heap is small: read one after another, a
 * hundred gzipped files left their ~4 MB each of buffers piled up (one thread: 117 → 149 MB peak for 30 files,
 * once their output no longer made garbage of its own that brought the collections on).
 */
const spare: Buffer<ArrayBuffer>[] = [];
/** Two reads' two buffers: a file's and its gunzip's. */
const MOST_SPARE = 4;

/** A buffer of `size` bytes, of uninitialised content: a spare one when there is one. */
export function takeBuffer(size: number): Buffer<ArrayBuffer> {
  const at = spare.findIndex((buffer) => buffer.length === size);
  return at < 0 ? Buffer.allocUnsafe(size) : spare.splice(at, 1)[0]!;
}

/** Buffers of a read that ended and no longer uses them, for the next. */
export function giveBack(buffers: readonly Buffer<ArrayBuffer>[]): void {
  spare.push(...buffers.filter((buffer) => buffer.length > 0));
  spare.splice(0, Math.max(0, spare.length - MOST_SPARE));
}
