/** Runs a decoder over lines in memory and collects what it made of each. */
import type { DecodeOptions, Format, SampleSink } from "../../src/formats/types.js";
import type { Sample } from "../../src/core/sample.js";

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
  // A decoder may hold a line's outcome back (the first line of a multi-line record) but never book ahead.
  lines.forEach((line, i) => {
    decoder.line(line, sink);
    if (outcomes.length > i + 1) throw new Error(`decoder made ${outcomes.length} outcomes for ${i + 1} lines at ${JSON.stringify(line)}`);
  });
  decoder.end?.(sink);
  if (outcomes.length !== lines.length) throw new Error(`decoder made ${outcomes.length} outcomes for ${lines.length} lines`);
  return outcomes;
}

/** The samples (with every field) a decoder makes of lines in memory; skipped and rejected lines are left out. */
export function decodeSamples(format: Format, lines: string[], options: DecodeOptions = {}): Sample[] {
  const decoder = format.createDecoder(options);
  const samples: Sample[] = [];
  const sink: SampleSink = {
    value: (ns) => samples.push({ latencyNs: ns }),
    values: (batch, count) => batch.subarray(0, count).forEach((ns) => samples.push({ latencyNs: ns })),
    sample: (s) => samples.push(s),
    skip: () => {},
    reject: () => {},
  };
  for (const line of lines) decoder.line(line, sink);
  return samples;
}
