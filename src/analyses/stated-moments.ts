/**
 * The mean and standard deviation of a summary from what its inputs state of themselves (an `.hgrm` footer: the
 * original histogram's, where its rows read back give only an approximation), pooled with the other inputs' own.
 */
import { CumulativeBuckets } from "../core/buckets.js";
import { meanAndStdDeviation } from "../core/percentile-distribution.js";
import type { LatencyRecorder } from "../core/recorder.js";
import type { StatedMoments } from "../formats/types.js";
import type { Summary } from "./summary.js";

/** An input as read: what it states, and the recorder of what was read from it. */
export interface MomentsSource {
  moments?: StatedMoments;
  recorder: LatencyRecorder;
}

/**
 * `summary`, of the inputs `sources` together, with the mean and standard deviation pooled from each input's: the
 * stated ones where an input states them of all it recorded, its recorder's elsewhere. Unchanged when none states any.
 */
export function withStatedMoments(summary: Summary, sources: readonly MomentsSource[]): Summary {
  if (!sources.some(stated)) return summary;
  const parts = sources.filter((source) => source.recorder.count > 0).map((source) => (stated(source) ? source.moments : ownMoments(source.recorder)));
  // One part is taken as stated: pooling would only add rounding.
  const [only] = parts;
  const { meanNs, stddevNs } = parts.length === 1 ? only! : pooled(parts);
  return { ...summary, meanNs, stddevNs };
}

/** The input states the moments of exactly what was recorded from it (no filter left some of its values out). */
function stated(source: MomentsSource): source is Required<MomentsSource> {
  return source.moments !== undefined && source.moments.count === source.recorder.count && source.recorder.syntheticCount === 0;
}

function ownMoments(recorder: LatencyRecorder): StatedMoments {
  const { mean, stdDeviation } = meanAndStdDeviation(CumulativeBuckets.of(recorder.histogramNotKept()));
  return { count: recorder.count + recorder.syntheticCount, meanNs: mean, stddevNs: stdDeviation };
}

/** The mean and (population) standard deviation of the union of parts: Σnσ² plus the spread of the means. */
function pooled(parts: readonly StatedMoments[]): { meanNs: number; stddevNs: number } {
  const count = parts.reduce((sum, part) => sum + part.count, 0);
  const meanNs = parts.reduce((sum, part) => sum + part.count * part.meanNs, 0) / count;
  const squares = parts.reduce((sum, part) => sum + part.count * (part.stddevNs ** 2 + (part.meanNs - meanNs) ** 2), 0);
  return { meanNs, stddevNs: Math.sqrt(squares / count) };
}
