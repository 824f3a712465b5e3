/**
 * `plain`: one latency per line.
 *
 *   line    = [spaces] number [spaces] [unit] [spaces] | blank | "#" comment
 *   number  = digits ["." digits] [exponent]          e.g. 17, 12.5, .5, 1e3
 *   unit    = ns | us | µs | μs | ms | s | sec | m | min  (none: `--unit`, default ms)
 *
 * Examples: `850us`, `12.5ms`, `1.2s`, `340ns`, `17`.
 */
import { NS_PER_UNIT, MAX_LATENCY_NS, parseLatency } from "../base/units.js";
import type { BlockSink, DecodeOptions, Format, LineDecoder, SampleSink, SniffResult, UnitChoice } from "./types.js";

/** Position of `byte` in `bytes[from, to)`, or `to` when absent. */
function indexOfByte(bytes: Uint8Array, byte: number, from: number, to: number): number {
  const found = bytes.indexOf(byte, from);
  return found < 0 || found > to ? to : found;
}

const CHAR_0 = 48;
const CHAR_9 = 57;
const CHAR_DOT = 46;
const CHAR_LF = 10;
const CHAR_CR = 13;
/** Digits a double holds exactly; longer numbers go through the string path. */
const MAX_FAST_DIGITS = 15;
/** Values handed to the sink per call on the fast path. */
const BATCH_SIZE = 4096;
const POWERS_OF_TEN = Array.from({ length: MAX_FAST_DIGITS + 1 }, (_, i) => 10 ** i);

// No part can match the same characters two ways (digits, or spaces around a unit), so matching is linear in the
// line's length; `\d+\.?\d*` or `\s*[a-z]*\s*` would backtrack quadratically on long runs of digits or spaces.
const PLAIN_LINE = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*(?:[a-zA-Zµμ]+\s*)?$/;

class PlainDecoder implements LineDecoder {
  private readonly unit: UnitChoice;
  private readonly nsPerUnit: number;
  private readonly batch = new Float64Array(BATCH_SIZE);

  constructor(options: DecodeOptions) {
    this.unit = options.unit ? { unit: options.unit, source: "--unit" } : { unit: "ms", source: "default" };
    this.nsPerUnit = NS_PER_UNIT[this.unit.unit];
  }

  line(text: string, sink: SampleSink): void {
    const trimmed = text.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return sink.skip();
    const parsed = parseLatency(trimmed, this.unit.unit);
    if (parsed.ok) sink.value(parsed.ns);
    else sink.reject(parsed.reason);
  }

  /**
   * Fast path for unsigned decimals without unit, exponent or spaces — the bulk of real plain files — parsed
   * straight from the bytes; anything else goes to `line`.
   */
  decodeBlock(bytes: Uint8Array, start: number, end: number, firstLineNo: number, sink: BlockSink): number {
    const nsPerUnit = this.nsPerUnit;
    // Values go out in batches: a typed array keeps them unboxed, and one call per batch instead of per value.
    const batch = this.batch;
    let batched = 0;
    let lineNo = firstLineNo;
    let lineStart = start;
    while (lineStart < end) {
      let i = lineStart;
      let mantissa = 0;
      let digits = 0;
      let fractionDigits = -1;
      let c = bytes[i]!;
      for (;;) {
        if (c >= CHAR_0 && c <= CHAR_9) {
          mantissa = mantissa * 10 + (c - CHAR_0);
          digits++;
          if (fractionDigits >= 0) fractionDigits++;
        } else if (c !== CHAR_DOT || fractionDigits >= 0) {
          break;
        } else {
          fractionDigits = 0;
        }
        c = bytes[++i]!;
      }
      const terminator = c === CHAR_LF ? 1 : c === CHAR_CR && bytes[i + 1] === CHAR_LF ? 2 : 0;
      if (terminator !== 0 && digits > 0 && digits <= MAX_FAST_DIGITS) {
        // Dividing two exactly held integers rounds correctly, so this equals Number(text) bit for bit.
        const value = fractionDigits > 0 ? mantissa / POWERS_OF_TEN[fractionDigits]! : mantissa;
        const ns = Math.round(value * nsPerUnit);
        if (ns <= MAX_LATENCY_NS) {
          batch[batched++] = ns;
          if (batched === batch.length) {
            sink.values(batch, batched);
            batched = 0;
          }
          lineStart = i + terminator;
          lineNo++;
          continue;
        }
      }
      // Keep the order of outcomes: what is batched goes out before the slow line.
      if (batched > 0) {
        sink.values(batch, batched);
        batched = 0;
      }
      const newline = indexOfByte(bytes, CHAR_LF, i, end);
      const lineEnd = newline > lineStart && bytes[newline - 1] === CHAR_CR ? newline - 1 : newline;
      sink.slowLine(bytes, lineStart, lineEnd, lineNo++);
      lineStart = newline + 1;
    }
    if (batched > 0) sink.values(batch, batched);
    return lineNo - firstLineNo;
  }

  midRecord(): boolean {
    return false;
  }

  unitChoice(): UnitChoice {
    return this.unit;
  }

  takeNotices(): string[] {
    return [];
  }
}

function sniff(lines: readonly string[]): SniffResult {
  const content = lines.map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  if (content.length === 0) return { score: 0, why: "no content lines" };
  const numeric = content.filter((l) => PLAIN_LINE.test(l)).length;
  const share = numeric / content.length;
  // Plain is the fallback: it wins only over formats that did not recognise their own shape.
  return { score: share >= 0.5 ? 0.5 * share : 0, why: `${numeric} of ${content.length} lines are single numbers` };
}

export const plainFormat: Format = {
  name: "plain",
  description: "one number per line, optional unit suffix (ns, us, µs, ms, s); unsuffixed numbers in --unit (default ms)",
  example: "12.5ms",
  sniff,
  createDecoder: (options) => new PlainDecoder(options),
};

