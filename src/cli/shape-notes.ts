/** Telling the user when histograms are not in the `--sig-digits` shape: interval logs bring their own. */
import type { RecordedInput } from "../analyses/report.js";
import type { HistogramShape } from "../core/histogram.js";
import { warn } from "./terminal.js";

function describe(shape: HistogramShape): string {
  const lowest = shape.lowestDiscernibleValue === 1 ? "" : `, lowest discernible value ${shape.lowestDiscernibleValue} ns`;
  return `${shape.digits} significant digits${lowest}`;
}

const same = (a: HistogramShape, b: HistogramShape) => a.digits === b.digits && a.lowestDiscernibleValue === b.lowestDiscernibleValue;

/**
 * Says so when the figures keep the first input's interval-log precision instead of `--sig-digits`, and when
 * later inputs' histograms are added into that shape at each bucket's lowest value (HdrHistogram's add()).
 */
export function noteShapes(inputs: readonly RecordedInput[], sigDigits: number): void {
  const [first, ...rest] = inputs.filter((input) => input.recorder.count > 0);
  if (first === undefined) return;
  const shape = first.recorder.shape;
  if (shape.digits !== sigDigits || shape.lowestDiscernibleValue !== 1) {
    warn(`${first.name}: histograms of ${describe(shape)}: the figures keep that precision, as HistogramLogProcessor does (not --sig-digits ${sigDigits})`);
  }
  for (const input of rest) {
    if (same(input.recorder.shape, shape)) continue;
    warn(`${input.name}: histograms of ${describe(input.recorder.shape)} are added into ${describe(shape)} at each bucket's lowest value, as HdrHistogram's add() does`);
  }
}
