/**
 * ALB's fast path: the fields of an access log entry (alb.ts) found by one forward scan of its bytes instead of the
 * line's string and `albFields`' character-by-character copy, handed on as the same strings, so that alb.ts books
 * them with the same code either way.
 *
 * The scan takes only lines of printable ASCII without a backslash inside a quoted field (where `\x` stands for x)
 * and says "unsure" (undefined) for anything else, and for a line `albFields` refuses (a quote left open, a quoted
 * field followed by something other than a space): the string path decides those.
 */
import { TextCache } from "./text-cache.js";

const SPACE = 32;
const QUOTE = 34;
const BACKSLASH = 92;
const DASH = 45;

/** The fields alb.ts reads (by index); the others hold no text of the line (nothing reads them). */
const READ = [0, 1, 3, 5, 6, 7, 8, 9, 12, 21];
/** Those it reads only for `--group-by`. */
const GROUP_READ = [2, 4, 16, 18];
const MAX_READ = 21;
const TIME = 1;
const CREATION_TIME = 21;
/** Fields that differ on every line or nearly (times, the client's port, request lines): decoded without a cache. */
const UNIQUE = new Set([1, 3, 12, 21]);

export class AlbBytes {
  /** Fields that repeat: types, statuses, processing times, target groups. */
  private readonly texts = new TextCache(1024);
  private readonly starts = new Int32Array(MAX_READ + 1);
  private readonly ends = new Int32Array(MAX_READ + 1);
  /** The fields of the last line: alb.ts reads them before the next line is read. */
  private readonly fields: string[] = [];

  /**
   * The fields of the line `bytes[start, end)` (no line terminator) as `albFields` gives them, or undefined;
   * `grouped`: the fields `--group-by` reads are wanted too. Only the fields alb.ts reads hold their text.
   */
  read(bytes: Uint8Array, start: number, end: number, grouped: boolean): string[] | undefined {
    let count = 0;
    for (let at = start; at < end; at++) {
      let fieldStart = at;
      let fieldEnd: number;
      if (bytes[at] === QUOTE) {
        fieldStart = at + 1;
        let i = fieldStart;
        while (i < end && bytes[i] !== QUOTE) {
          const c = bytes[i]!;
          if (c < 0x20 || c > 0x7e || c === BACKSLASH) return undefined;
          i++;
        }
        if (i >= end) return undefined;
        fieldEnd = i;
        at = i + 1;
      } else {
        let i = at;
        while (i < end && bytes[i] !== SPACE) {
          const c = bytes[i]!;
          if (c < 0x20 || c > 0x7e) return undefined;
          i++;
        }
        fieldEnd = i;
        at = i;
      }
      if (at < end && bytes[at] !== SPACE) return undefined;
      if (count <= MAX_READ) {
        this.starts[count] = fieldStart;
        this.ends[count] = fieldEnd;
      }
      count++;
    }
    const fields = this.fields;
    fields.length = count;
    // The end time is read only when there is no request_creation_time.
    const timed = count > CREATION_TIME && !(this.ends[CREATION_TIME]! - this.starts[CREATION_TIME]! === 1 && bytes[this.starts[CREATION_TIME]!] === DASH);
    for (const i of READ) {
      if (i >= count) break;
      fields[i] = i === TIME && timed ? "" : this.text(bytes, i);
    }
    if (grouped) for (const i of GROUP_READ) if (i < count) fields[i] = this.text(bytes, i);
    return fields;
  }

  private text(bytes: Uint8Array, i: number): string {
    const [from, to] = [this.starts[i]!, this.ends[i]!];
    if (UNIQUE.has(i)) return Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString("latin1");
    return this.texts.text(bytes, from, to);
  }
}
