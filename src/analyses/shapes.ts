/** Saying when histograms are not in the `--sig-digits` shape: interval logs bring their own. */
import type { HistogramShape } from "../core/histogram.js";
import type { AnalysisNotice } from "./notices.js";
import type { RecordedInput } from "./report.js";

const same = (a: HistogramShape, b: HistogramShape) => a.digits === b.digits && a.lowestDiscernibleValue === b.lowestDiscernibleValue;

/**
 * When the figures keep the first input's interval-log precision instead of `digits`, and when later inputs'
 * histograms are added into that shape at each bucket's lowest value (HdrHistogram's add()).
 */
export function shapeNotices(inputs: readonly RecordedInput[], digits: number): AnalysisNotice[] {
  const [first, ...rest] = inputs.filter((input) => input.recorder.count > 0);
  if (first === undefined) return [];
  const shape = first.recorder.shape;
  const notices: AnalysisNotice[] = [];
  if (shape.digits !== digits || shape.lowestDiscernibleValue !== 1) notices.push({ kind: "shape-kept", input: first.name, shape, digits });
  for (const input of rest) {
    if (!same(input.recorder.shape, shape)) notices.push({ kind: "shape-added", input: input.name, shape: input.recorder.shape, into: shape });
  }
  return notices;
}
