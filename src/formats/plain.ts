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
  /** n when the unit is 10^n ns (ns, us, ms, s), else -1. */
  private readonly unitDigits: number;
  private readonly batch = new Float64Array(BATCH_SIZE);
  /** Values in `batch`, as `fillBatch` left it. */
  private batched = 0;

  constructor(options: DecodeOptions) {
    this.unit = options.unit ? { unit: options.unit, source: "--unit" } : { unit: "ms", source: "default" };
    this.nsPerUnit = NS_PER_UNIT[this.unit.unit];
    this.unitDigits = POWERS_OF_TEN.indexOf(this.nsPerUnit);
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
    let lineNo = firstLineNo;
    let lineStart = start;
    while (lineStart < end) {
      lineStart = this.fillBatch(bytes, lineStart, end);
      // Values go out in batches: a typed array keeps them unboxed, and one call per batch instead of per value.
      if (this.batched > 0) {
        sink.values(this.batch, this.batched);
        lineNo += this.batched;
      }
      // The batch stopped short of full and of the end at a line the fast path does not read: `line` reads it.
      if (lineStart < end && this.batched < BATCH_SIZE) {
        const newline = indexOfByte(bytes, CHAR_LF, lineStart, end);
        const lineEnd = newline > lineStart && bytes[newline - 1] === CHAR_CR ? newline - 1 : newline;
        sink.slowLine(bytes, lineStart, lineEnd, lineNo++);
        lineStart = newline + 1;
      }
    }
    return lineNo - firstLineNo;
  }

  /**
   * Reads lines from `lineStart` into the batch until it is full, the block ends or a line is not a plain
   * unsigned decimal; returns where it stopped. A function of its own, called per batch, so that V8 optimizes it
   * as a whole: as the loop of a function called once per block, it was compiled mid-loop (on-stack replacement)
   * without the loop's exit and thrown away at the end of every block.
   */
  private fillBatch(bytes: Uint8Array, lineStart: number, end: number): number {
    const nsPerUnit = this.nsPerUnit;
    const unitDigits = this.unitDigits;
    const batch = this.batch;
    let batched = 0;
    while (lineStart < end && batched < BATCH_SIZE) {
      // The integer's digits, then after one dot the fraction's; each loop's length is its count of digits.
      let i = lineStart;
      let mantissa = 0;
      let c = bytes[i]!;
      while (c >= CHAR_0 && c <= CHAR_9) {
        mantissa = mantissa * 10 + (c - CHAR_0);
        c = bytes[++i]!;
      }
      let digits = i - lineStart;
      let fractionDigits = 0;
      if (c === CHAR_DOT) {
        const fractionStart = ++i;
        c = bytes[i]!;
        while (c >= CHAR_0 && c <= CHAR_9) {
          mantissa = mantissa * 10 + (c - CHAR_0);
          c = bytes[++i]!;
        }
        fractionDigits = i - fractionStart;
        digits += fractionDigits;
      }
      const terminator = c === CHAR_LF ? 1 : c === CHAR_CR && bytes[i + 1] === CHAR_LF ? 2 : 0;
      if (terminator === 0 || digits === 0 || digits > MAX_FAST_DIGITS) break;
      // In a unit of 10^unitDigits ns with no more fraction digits than that, the nanoseconds are an integer
      // product, exact below 2^53; up to MAX_LATENCY_NS (< 2^50) it is the integer the division below rounds to
      // (two roundings off by < 2^-52 relative each: < 0.25 ns). Otherwise: dividing two exactly held integers
      // rounds correctly, so this equals Number(text) bit for bit.
      const product = fractionDigits <= unitDigits ? mantissa * POWERS_OF_TEN[unitDigits - fractionDigits]! : Infinity;
      const ns = product <= MAX_LATENCY_NS ? product : Math.round((fractionDigits > 0 ? mantissa / POWERS_OF_TEN[fractionDigits]! : mantissa) * nsPerUnit);
      if (ns > MAX_LATENCY_NS) break;
      batch[batched++] = ns;
      lineStart = i + terminator;
    }
    this.batched = batched;
    return lineStart;
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

