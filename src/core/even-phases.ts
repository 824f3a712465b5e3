/**
 * Paced senders whose phases are spread evenly over their period (workers started T/N apart, as a ramp-up does)
 * make one start every T/N: their fingerprint is one sender at period T/N, and from start times alone nothing
 * tells them apart from it. A slow period does: closed-loop senders all wait, and then as many requests are in
 * flight as there are senders — more than one sender at T/N could have. So the first block is chained once on
 * trial; when it shows such a silence with k times the fingerprint's senders in flight, the senders are k times as
 * many, each k times slower.
 */
import type { BucketLayout } from "./histogram.js";
import { SenderChains } from "./sender-chains.js";
import type { SendFingerprint } from "./send-pattern.js";

/** A silence must last this many send intervals to show that the senders waited (loop-verdict.ts uses it too). */
export const SILENCE_INTERVALS = 3;
/** More in flight than this many times the senders found is a multiple of them, not a rounding. */
const LEAST_MULTIPLE = 1.8;

/** The fingerprint of requests sorted by start, with paced senders' even phases told apart (see the file comment). */
export function unfoldEvenPhases(fingerprint: SendFingerprint, starts: Float64Array, latencies: Float64Array, layout: BucketLayout, typicalLatencyNs: number): SendFingerprint {
  const pattern = fingerprint.pattern;
  if (pattern.kind !== "paced") return fingerprint;
  const trial = new SenderChains(fingerprint, layout, typicalLatencyNs);
  for (let i = 0; i < starts.length; i++) trial.add(starts[i]!, latencies[i]!);
  trial.finish();
  const { most } = trial.occupancy;
  // All of them waiting: the silence at the most in flight (one sender's pause, or a generator's, is not).
  const waited = trial.occupancy.longestSilenceNs(most) >= SILENCE_INTERVALS * pattern.periodNs;
  if (!waited || most < LEAST_MULTIPLE * pattern.senders) return fingerprint;
  const k = Math.round(most / pattern.senders);
  return { ...fingerprint, pattern: { ...pattern, periodNs: k * pattern.periodNs, senders: k * pattern.senders } };
}
