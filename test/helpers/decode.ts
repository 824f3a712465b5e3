/** Runs a decoder over lines in memory and collects what it made of each. */
import type { DecodeOptions, Format, SampleSink } from "../../src/formats/types.js";

export type Outcome =
  | { value: number }
  | { skip: true }
  | { reject: string }
  | { histogram: { count: number; startSec: number; lengthSec: number; logStartSec: number; tag?: string } };

export function decodeLines(format: Format, lines: string[], options: DecodeOptions = {}): Outcome[] {
  const decoder = format.createDecoder(options);
  const outcomes: Outcome[] = [];
  const sink: SampleSink = {
    value: (ns) => outcomes.push({ value: ns }),
    values: (batch, count) => batch.subarray(0, count).forEach((ns) => outcomes.push({ value: ns })),
    sample: (s) => outcomes.push({ value: s.latencyNs }),
    intervalHistogram: (h, interval) => outcomes.push({ histogram: { count: h.totalCount, ...interval } }),
    skip: () => outcomes.push({ skip: true }),
    reject: (reason) => outcomes.push({ reject: reason }),
  };
  for (const line of lines) {
    const before = outcomes.length;
    decoder.line(line, sink);
    if (outcomes.length !== before + 1) throw new Error(`decoder made ${outcomes.length - before} outcomes for ${JSON.stringify(line)}`);
  }
  return outcomes;
}
