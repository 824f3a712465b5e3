/**
 * `plain`: one latency per line.
 *
 *   line    = [spaces] number [spaces] [unit] [spaces] | blank | "#" comment
 *   number  = digits ["." digits] [exponent]          e.g. 17, 12.5, .5, 1e3
 *   unit    = ns | us | µs | μs | ms | s | sec | m | min  (none: `--unit`, default ms)
 *
 * Examples: `850us`, `12.5ms`, `1.2s`, `340ns`, `17`.
 */
import { NS_PER_UNIT, MAX_LATENCY_NS, parseLatency } from "../core/units.js";
import type { DecodeOptions, Format, LineDecoder, SampleSink, SniffResult, UnitChoice } from "./types.js";

const CHAR_0 = 48;
const CHAR_9 = 57;
const CHAR_DOT = 46;
const CHAR_SPACE = 32;
const CHAR_TAB = 9;
/** Digits a double holds exactly; longer numbers go through the string path. */
const MAX_FAST_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: MAX_FAST_DIGITS + 1 }, (_, i) => 10 ** i);

const PLAIN_LINE = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*[a-zA-Zµμ]*\s*$/;

class PlainDecoder implements LineDecoder {
  private readonly unit: UnitChoice;
  private readonly nsPerUnit: number;

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

  /** Unsigned decimal numbers without unit or exponent, the bulk of real plain files. */
  lineBytes(bytes: Uint8Array, start: number, end: number, sink: SampleSink): boolean {
    while (start < end && (bytes[start] === CHAR_SPACE || bytes[start] === CHAR_TAB)) start++;
    while (end > start && (bytes[end - 1] === CHAR_SPACE || bytes[end - 1] === CHAR_TAB)) end--;
    if (start === end) return false;
    let mantissa = 0;
    let digits = 0;
    let fractionDigits = -1;
    for (let i = start; i < end; i++) {
      const c = bytes[i]!;
      if (c >= CHAR_0 && c <= CHAR_9) {
        mantissa = mantissa * 10 + (c - CHAR_0);
        digits++;
        if (fractionDigits >= 0) fractionDigits++;
      } else if (c === CHAR_DOT && fractionDigits < 0) {
        fractionDigits = 0;
      } else {
        return false;
      }
    }
    if (digits === 0 || digits > MAX_FAST_DIGITS) return false;
    // Dividing two exactly held integers rounds correctly, so this equals Number(text) bit for bit.
    const value = fractionDigits > 0 ? mantissa / POWERS_OF_TEN[fractionDigits]! : mantissa;
    const ns = Math.round(value * this.nsPerUnit);
    if (ns > MAX_LATENCY_NS) return false;
    sink.value(ns);
    return true;
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

