/**
 * Splits a stream of byte chunks into lines without copying them: each line is handed over as a byte range of
 * its chunk (a line split across chunks is joined first). `\n` and `\r\n` both end a line; a final line without
 * a terminator still counts. A UTF-8 byte-order mark at the start is dropped; UTF-16 input is refused.
 * A line longer than `maxLineBytes` is not held in memory: it is reported once as oversized and skipped.
 */
import { UserError } from "../base/errors.js";

const LF = 10;
const CR = 13;

/** Lines longer than this are rejected rather than buffered (a binary file or a missing newline). */
export const MAX_LINE_BYTES = 1 << 20;

export interface LineHandlers {
  /** A line's bytes are `bytes[start, end)`, without its terminator; `lineNo` counts from 1. */
  line(bytes: Buffer, start: number, end: number, lineNo: number): void;
  /**
   * Many whole lines at once: `bytes[start, end)` holds lines each ending in `\n` (so `bytes[end - 1]` is `\n`),
   * the first of them numbered `firstLineNo`. Lets a decoder scan a chunk in one loop. Returns how many lines
   * there were.
   */
  block(bytes: Buffer, start: number, end: number, firstLineNo: number): number;
  /** A line that exceeded the length limit, reported when it ends. */
  oversized(lineNo: number): void;
}

export class LineSplitter {
  private lineNo = 0;
  private carry: Buffer | undefined;
  private carryingOversized = false;

  /**
   * @param atStart false when the bytes start in the middle of an input (a part of a file read on another
   *   thread): then they are not checked for a byte-order mark.
   */
  constructor(
    private readonly name: string,
    private readonly handlers: LineHandlers,
    private readonly maxLineBytes = MAX_LINE_BYTES,
    private atStart = true,
  ) {}

  /** Number of complete lines handed over so far. */
  get lines(): number {
    return this.lineNo;
  }

  /** Bytes after the last newline, held until the line ends (or the input does). */
  get unfinishedBytes(): number {
    return this.carry?.length ?? 0;
  }

  push(chunk: Buffer): void {
    let start = 0;
    if (this.atStart) {
      const head = this.carry === undefined ? chunk : Buffer.concat([this.carry, chunk]);
      // Wait for three bytes: enough to recognise a byte-order mark.
      if (head.length < 3) {
        this.carry = head;
        return;
      }
      this.carry = undefined;
      this.atStart = false;
      chunk = head;
      start = this.textStart(head);
    }
    this.pushFrom(chunk, start);
  }

  private pushFrom(chunk: Buffer, start: number): void {
    const newline = chunk.indexOf(LF, start);
    if (newline < 0) return this.hold(chunk, start);
    if (this.carry !== undefined || this.carryingOversized) {
      this.finishCarried(chunk, start, newline);
      start = newline + 1;
    }
    const lastNewline = chunk.lastIndexOf(LF);
    if (lastNewline >= start) {
      this.lineNo += this.handlers.block(chunk, start, lastNewline + 1, this.lineNo + 1);
      start = lastNewline + 1;
    }
    if (start < chunk.length) this.hold(chunk, start);
  }

  /**
   * For an input stopped before its end: hands over the whole lines of the fewer than three bytes held at the start
   * (to look for a byte-order mark), keeping the unfinished line as `end` would not.
   */
  stopped(): void {
    if (!this.atStart || this.carry === undefined) return;
    const head = this.carry;
    this.carry = undefined;
    this.atStart = false;
    this.pushFrom(head, this.textStart(head));
  }

  /** Hands over the last line when the input did not end with a newline. */
  end(): void {
    // Fewer than three bytes in all: still checked for a byte-order mark.
    this.stopped();
    if (this.carryingOversized) {
      this.carryingOversized = false;
      this.handlers.oversized(++this.lineNo);
    } else if (this.carry !== undefined) {
      const line = this.carry;
      this.carry = undefined;
      const end = line[line.length - 1] === CR ? line.length - 1 : line.length;
      this.handlers.line(line, 0, end, ++this.lineNo);
    }
  }

  /** Where the text starts after a UTF-8 byte-order mark; refuses UTF-16, with or without its byte-order mark. */
  private textStart(head: Buffer): number {
    refuseUtf16(this.name, head);
    return startsWithBom(head, 0, head.length) ? 3 : 0;
  }

  private hold(chunk: Buffer, start: number): void {
    // Nothing left to hold (say, a chunk that was only a byte-order mark): holding an empty carry would end as a line.
    if (this.carryingOversized || (start >= chunk.length && this.carry === undefined)) return;
    const carried = this.carry === undefined ? chunk.subarray(start) : Buffer.concat([this.carry, chunk.subarray(start)]);
    if (carried.length > this.maxLineBytes) {
      this.carry = undefined;
      this.carryingOversized = true;
    } else {
      // Copy so the (large) chunk buffer can be freed.
      this.carry = Buffer.from(carried);
    }
  }

  private finishCarried(chunk: Buffer, start: number, newline: number): void {
    if (this.carryingOversized || (this.carry?.length ?? 0) + newline - start > this.maxLineBytes) {
      this.carry = undefined;
      this.carryingOversized = false;
      this.handlers.oversized(++this.lineNo);
      return;
    }
    const line = Buffer.concat([this.carry!, chunk.subarray(start, newline)]);
    this.carry = undefined;
    const end = line.length > 0 && line[line.length - 1] === CR ? line.length - 1 : line.length;
    this.handlers.line(line, 0, end, ++this.lineNo);
  }
}

/**
 * Lines ended by a carriage return alone (classic Mac OS, some exports): the head holds several and no line feed.
 * Read as they are they would make one line of the whole file.
 */
export function refuseCrOnly(name: string, head: Buffer): void {
  if (head.includes(LF) || startsJson(head)) return;
  const first = head.indexOf(CR);
  if (first >= 0 && head.indexOf(CR, first + 1) >= 0) {
    throw new UserError(`${name}: its lines end in a carriage return alone (old Mac line endings)`, "convert them first: tr '\\r' '\\n' < FILE | latstat ...");
  }
}

/** A JSON document (a span export, a ghz report), to which a carriage return is white space like any other. */
function startsJson(head: Buffer): boolean {
  let at = startsWithBom(head, 0, head.length) ? 3 : 0;
  while (at < head.length && (head[at] === 0x20 || head[at] === 0x09 || head[at] === CR)) at++;
  return head[at] === 0x7b || head[at] === 0x5b;
}

/** Throws when the start of an input is UTF-16 text, with or without its byte-order mark. */
export function refuseUtf16(name: string, head: Buffer): void {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff) || looksLikeUtf16(head)) {
    throw new UserError(`${name}: the file is UTF-16 text`, "convert it first: iconv -f UTF-16 -t UTF-8");
  }
}

/**
 * UTF-16 without a byte-order mark (as some Windows tools write it): in its first bytes every other byte is zero
 * and the others are not, as ASCII characters look in UTF-16LE or UTF-16BE.
 */
function looksLikeUtf16(head: Buffer): boolean {
  const length = Math.min(head.length, 256) & ~1;
  if (length < 4) return false;
  for (const zeroAt of [0, 1]) {
    let matches = true;
    for (let i = 0; i < length && matches; i++) matches = (head[i] === 0) === (i % 2 === zeroAt);
    if (matches) return true;
  }
  return false;
}

/** Calls `line` for each line of a block (see LineHandlers.block), dropping `\r` before `\n`; returns the count. */
export function forEachLine(
  bytes: Buffer,
  start: number,
  end: number,
  firstLineNo: number,
  line: (bytes: Buffer, start: number, end: number, lineNo: number) => void,
): number {
  let lineNo = firstLineNo;
  let newline = bytes.indexOf(LF, start);
  while (newline >= 0 && newline < end) {
    line(bytes, start, newline > start && bytes[newline - 1] === CR ? newline - 1 : newline, lineNo++);
    start = newline + 1;
    newline = bytes.indexOf(LF, start);
  }
  return lineNo - firstLineNo;
}

/** Whether `bytes[at, end)` starts with UTF-8's byte-order mark. */
export function startsWithBom(bytes: Uint8Array, at: number, end: number): boolean {
  return end - at >= 3 && bytes[at] === 0xef && bytes[at + 1] === 0xbb && bytes[at + 2] === 0xbf;
}
