/**
 * How the senders of a log send, read off its first requests (in start order), with no sender column to go by.
 *
 * Two fingerprints are looked for, each as a peak in a histogram of time lags:
 * - **reaction**: a closed-loop sender starts its next request when its response ends, or a fixed think time
 *   after. Then nearly every start has some request's end a fixed lag Z before it — whatever the latencies.
 * - **pacing**: a sender on a schedule starts every T, whatever the latencies. Then nearly every start has some
 *   start exactly T before it, and 2T before it too (senders whose phases happen to lie a like lag apart show the
 *   one without the other), and the starts leave little time without one (workers firing together in bursts do
 *   not: see `keepsSending`).
 * Other senders' requests put lags everywhere, evenly; so a peak counts only when it holds at least half of the
 * starts beyond what an even spread would put in it, and when the spread itself would fill it for few starts
 * (start times too coarse for the rate make every window crowded: then nothing can be told).
 *
 * A paced log does not tell closed from open loop by itself (a schedule kept whatever the responses do looks the
 * same as one kept because they were quick); what happens when responses are slow does (see occupancy.ts).
 */

import { SortScratch, sortPairs, stableOrder } from "./start-order.js";

/** What the lags say about how requests were sent. */
export type SendPattern =
  /**
   * Starts follow ends by `lagNs` (± `widthNs`/2): closed-loop senders, sending as fast as they can or after a think
   * time. `chance` is the share of starts an even spread would give such an end, `share` the share of the others
   * that have one.
   */
  | { kind: "reaction"; lagNs: number; widthNs: number; share: number; chance: number }
  /** Starts follow starts by `periodNs`: `senders` schedules, each sending every `periodNs`. */
  | { kind: "paced"; periodNs: number; widthNs: number; share: number; chance: number; senders: number }
  /** Neither: starts come at irregular times (or too few, or timed too coarsely, to tell). */
  | { kind: "none"; why: "few" | "coarse" | "irregular" };

export interface SendFingerprint {
  pattern: SendPattern;
  /** Granularity of start times and latencies together: an end and a start closer than this cannot be told apart. */
  toleranceNs: number;
  /** Granularity of the start times alone (1e9 for whole seconds, 1e6 for milliseconds…). */
  resolutionNs: number;
  /** Mean time between consecutive starts. */
  meanGapNs: number;
}

/** Fewer requests than this give no fingerprint… */
export const MIN_REQUESTS = 64;
/** …and the first this many give it. */
const FINGERPRINTED = 1 << 16;
/** Starts whose lags are collected, spread evenly over the requests. */
const PROBES = 1024;
/** How many mean gaps back the lags are looked for: a period or think time of up to this many other requests. */
const HORIZON_GAPS = 128;
/** A peak must hold this share of the starts beyond chance… */
const MIN_SHARE = 0.5;
/**
 * …in a window where an even spread of the other requests' lags puts at most this many per start. Beyond it the
 * start times are too coarse for the rate: every window is crowded and a fixed lag stands out no more.
 */
const MAX_CHANCE = 1;
/** The narrowest window looked at (finer clocks than a microsecond jitter more than that anyway). */
const FINEST_WIDTH = 1e3;
/** A wider window is taken when it holds this share of the starts more… */
const WIDER_GAIN = 0.05;
/** …until it holds this share of them. */
const FULL_SHARE = 0.9;

/**
 * The coarsest of 1 s, 100 ms … 1 µs that every value is a whole multiple of (1 when none is). Epoch nanoseconds
 * in a double are exact only to ~256 ns, so multiples are checked to within 300 ns.
 */
export function granularity(values: Float64Array, origin: number): number {
  for (let unit = 1e9; unit >= 1e3; unit /= 10) {
    let whole = true;
    for (let i = 0; i < values.length && whole; i++) {
      const offset = values[i]! - origin;
      whole = Math.abs(offset - Math.round(offset / unit) * unit) <= 300;
    }
    if (whole) return unit;
  }
  return 1;
}

/** At least this share of the starts must share their time with another for their granularity to be a step… */
const SHARED_STARTS = 0.01;

/**
 * …that is, the step the start times were written in (whole seconds, 10 ms…), which hides what happened within it:
 * their granularity when it shows as steps — at least SHARED_STARTS of the starts share their time with another,
 * as more than a start a step do once cut down — else 1. Starts on an exact grid of their own (a scheduler's, a
 * simulator's: every 20 ms from a whole second) are multiples of 10 ms without being cut down to them.
 */
export function startsStep(starts: Float64Array): number {
  if (starts.length < 2) return 1;
  const sorted = stableOrder(starts).sortedKeys;
  // One time shared by all shows no step (any unit divides a lone time's distance to itself).
  if (sorted[0] === sorted[sorted.length - 1]) return 1;
  let shared = 0;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) shared++;
  return shared >= SHARED_STARTS * sorted.length ? granularity(sorted, sorted[0]!) : 1;
}

/** The lags found for the probes, sorted, each with the probe it was found for, and what it took to find them. */
interface Lags {
  values: Float64Array;
  /** Which probe (0 … probes − 1) each lag belongs to. */
  probeOf: Uint32Array;
  probes: number;
  /** Lags were collected from `from` to `to` (ns). */
  from: number;
  to: number;
}

/** Calls `found(lag, probe)` for every lag, always in the same order. */
type LagSearch = (found: (lag: number, probe: number) => void) => void;

/**
 * The lags a search finds, sorted (ties in the order found), each with its probe, in `scratch`'s arrays (valid
 * until its next use: a fingerprint's reaction and pacing lags are looked at one after the other). The search runs
 * twice — to count the lags, then to keep them in arrays of that size — and they are sorted where they are: lists
 * grown by doubling, and the copy the sort made of them, each list's own, were most of the ~12 MB of typed arrays
 * that each fingerprint left for the collector (each part of a large k6 log read on two threads takes one, and
 * their garbage was part of its peak RSS).
 */
function sortedLags(search: LagSearch, scratch: SortScratch): { values: Float64Array; probeOf: Uint32Array } {
  let count = 0;
  search(() => count++);
  const [values, probes, spareValues, spareProbes] = scratch.take(count);
  let length = 0;
  search((lag, probe) => {
    values[length] = lag;
    probes[length++] = probe;
  });
  const { sortedKeys, order } = sortPairs(values, probes, spareValues, spareProbes);
  return { values: sortedKeys, probeOf: order };
}

/**
 * Indices of `n` requests to probe (all but the first when there are few), in order. Spread by the golden ratio's
 * multiples, not at a fixed step: N paced workers take turns in a fixed order, and a step that N divides would
 * land every probe on the same worker.
 */
function probeIndices(n: number): number[] {
  if (n - 1 <= PROBES) return Array.from({ length: n - 1 }, (_, i) => i + 1);
  const chosen = new Set<number>();
  for (let k = 1; chosen.size < PROBES; k++) chosen.add(1 + Math.floor(((k * GOLDEN) % 1) * (n - 1)));
  return [...chosen].sort((a, b) => a - b);
}

/** The golden ratio's fractional part: its multiples mod 1 spread evenly and never repeat a step. */
const GOLDEN = 0.6180339887498949;

/** First index in sorted `values` whose value is ≥ `bound`. */
function lowerBound(values: Float64Array, bound: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** For each probe start, start − (end of each earlier-started request) within [−tolerance, horizon]. */
function reactionLags(starts: Float64Array, latencies: Float64Array, horizonNs: number, toleranceNs: number, scratch: SortScratch): Lags {
  const n = starts.length;
  const [ends, startIndex] = [new Float64Array(n), new Uint32Array(n)];
  for (let i = 0; i < n; i++) {
    ends[i] = starts[i]! + latencies[i]!;
    startIndex[i] = i;
  }
  const { sortedKeys: sortedEnds, order: startIndexOfEnd } = sortPairs(ends, startIndex, new Float64Array(n), new Uint32Array(n));
  const probes = probeIndices(n);
  const lags = sortedLags((found) =>
    probes.forEach((j, probe) => {
      const s = starts[j]!;
      for (let k = lowerBound(sortedEnds, s - horizonNs); k < n && sortedEnds[k]! <= s + toleranceNs; k++) {
        // A request's own end, or the end of one that started later, cannot have set this start off.
        if (startIndexOfEnd[k]! < j) found(s - sortedEnds[k]!, probe);
      }
    }),
    scratch,
  );
  return { ...lags, probes: probes.length, from: -toleranceNs, to: horizonNs };
}

/** For each probe start, start − (each earlier start) within (tolerance, horizon]. */
function pacingLags(starts: Float64Array, horizonNs: number, toleranceNs: number, scratch: SortScratch): Lags {
  const probes = probeIndices(starts.length);
  const lags = sortedLags((found) =>
    probes.forEach((j, probe) => {
      const s = starts[j]!;
      for (let i = j - 1; i >= 0 && s - starts[i]! <= horizonNs; i--) {
        if (s - starts[i]! > toleranceNs) found(s - starts[i]!, probe);
      }
    }),
    scratch,
  );
  return { ...lags, probes: probes.length, from: toleranceNs, to: horizonNs };
}

interface Peak {
  centerNs: number;
  widthNs: number;
  share: number;
  chance: number;
}

/**
 * How many probes have a lag in each window of `width` as it slides over the sorted lags (counting probes, not
 * lags: a burst of ends at one moment, a stall's, puts many lags of one start in one window, and a start is set
 * off by one end). `visit(lo, distinct)` is called for each window starting at lag index `lo`; returning true
 * stops the slide.
 */
function slideWindows(lags: Lags, width: number, from: number, visit: (lo: number, distinct: number) => boolean): void {
  const { values, probeOf } = lags;
  const inWindow = new Uint32Array(lags.probes);
  let distinct = 0;
  for (let lo = from, hi = from; lo < values.length; lo++) {
    for (; hi < values.length && values[hi]! - values[lo]! <= width; hi++) if (inWindow[probeOf[hi]!]!++ === 0) distinct++;
    if (visit(lo, distinct)) return;
    if (--inWindow[probeOf[lo]!]! === 0) distinct--;
  }
}

/** Lags per probe that an even spread puts in a window of `width`. */
function lagsPerProbe(lags: Lags, width: number): number {
  return (lags.values.length * width) / (lags.to - lags.from) / lags.probes;
}

/** The share of probes an even spread of the lags gives at least one lag in a window of `width`. */
function chanceIn(lags: Lags, width: number): number {
  return 1 - Math.exp(-lagsPerProbe(lags, width));
}

/**
 * The peak found at `width` (see findPeak), or undefined. Its share is of the starts that chance did not already
 * give a lag in the window: (hit − chance) / (1 − chance), so that a crowded window can still show a fixed lag.
 * A schedule's peak must pass `isPeriod` (see `periodCheck`).
 */
function peakAt(lags: Lags, width: number, isPeriod?: PeriodCheck): Peak | undefined {
  const chance = chanceIn(lags, width);
  const needed = (chance + MIN_SHARE * (1 - chance)) * lags.probes;
  const { values } = lags;
  // The first window that holds enough (a schedule's multiples, 2T, 3T…, hold as many as T itself), then the
  // densest of those starting within a width of it; when that is no period, the next that holds enough.
  let first = -1;
  let best = { at: 0, distinct: 0 };
  let found: Peak | undefined;
  const settle = () => {
    const centerNs = centerOf(values, best.at, width);
    if (isPeriod === undefined || isPeriod(lags, centerNs, width, needed)) found = { centerNs, widthNs: width, share: (best.distinct / lags.probes - chance) / (1 - chance), chance };
    [first, best] = [-1, { at: 0, distinct: 0 }];
  };
  slideWindows(lags, width, 0, (lo, distinct) => {
    if (first >= 0 && values[lo]! > values[first]! + width) settle();
    if (found !== undefined) return true;
    if (first < 0 && distinct >= needed) first = lo;
    if (first >= 0 && distinct > best.distinct) best = { at: lo, distinct };
    return false;
  });
  // The slide ended within a width of a window that held enough.
  if (found === undefined && first >= 0) settle();
  return found;
}

/** The middle of the sorted lags in the window of `width` that starts at index `at`. */
function centerOf(values: Float64Array, at: number, width: number): number {
  let end = at;
  while (end < values.length && values[end]! - values[at]! <= width) end++;
  return values[(at + end - 1) >> 1]!;
}

/**
 * Whether a peak at `centerNs` repeats at twice that lag: some window of `width` near it holds `needed` probes too.
 * A schedule every T puts a start 2T before nearly every start as well as T before it. Senders whose random phases
 * happen to lie a like lag L apart do not: three phases at 0, L and 2L of a period give two starts in three a start
 * L before them (a peak), but only one in three a start 2L before — taken for a schedule every L, they looked like
 * one sender missing nearly every send. The multiple is checked only where lags were collected (a period of more
 * than half the horizon, of many senders, is taken as it is: so many phases do not line up by chance).
 */
function repeatsAt(lags: Lags, centerNs: number, width: number, needed: number): boolean {
  const twice = 2 * centerNs;
  // The centre is known to about half a width, so its double to about a width: windows centred within that.
  const [from, to] = [twice - 1.5 * width, twice + 0.5 * width];
  if (to + width > lags.to) return true;
  let most = 0;
  slideWindows(lags, width, lowerBound(lags.values, from), (lo, distinct) => {
    if (lags.values[lo]! > to) return true;
    most = Math.max(most, distinct);
    return false;
  });
  return most >= needed;
}

/** Whether a peak of the starts' own lags at `centerNs` is a schedule's period (the window held `needed` probes). */
type PeriodCheck = (lags: Lags, centerNs: number, width: number, needed: number) => boolean;

/** A schedule's period repeats (`repeatsAt`), and its senders keep sending (`keepsSending`) over `starts`. */
function periodCheck(starts: Float64Array): PeriodCheck {
  return (lags, centerNs, width, needed) => repeatsAt(lags, centerNs, width, needed) && keepsSending(starts, centerNs);
}

/** Senders every T leave at most this share of the time more than T after the latest start. */
const MOST_UNSENT = 0.5;

/**
 * Whether senders every `periodNs` would have sent as these starts did: a schedule puts a start in nearly every
 * stretch of a period (all but its stalls), so at most MOST_UNSENT of the time (idle stretches left out, as in
 * `activeMeanGap`) lies more than a period after the latest start. Workers whose tickers fire together (hey `-q`
 * starts every worker's ticker at once) send in bursts: within a burst nearly every start has another a tenth of a
 * millisecond before it, and twice that before it too, as a schedule every tenth of a millisecond would — but the
 * bursts leave nearly all of the time between them without a start, where that schedule would have sent hundreds.
 */
function keepsSending(starts: Float64Array, periodNs: number): boolean {
  const n = starts.length;
  const idleNs = (IDLE_GAPS * (starts[n - 1]! - starts[0]!)) / (n - 1);
  let [active, unsent] = [0, 0];
  for (let i = 1; i < n; i++) {
    const gap = starts[i]! - starts[i - 1]!;
    if (gap > idleNs) continue;
    active += gap;
    unsent += Math.max(0, gap - periodNs);
  }
  return unsent <= MOST_UNSENT * active;
}

/** A peak found (`peak`), and the first, narrowest one it was widened from. */
interface FoundPeak {
  peak: Peak;
  first: Peak;
}

/**
 * The earliest lag around which a window of some width holds at least MIN_SHARE of the probes beyond an even
 * spread of the lags, where the even spread puts at most MAX_CHANCE per probe: the narrowest width that finds one
 * (from `minWidth`, doubling), widened while that takes in clearly more and not yet nearly all (a jittery think
 * time); undefined when none.
 */
function findPeak(lags: Lags, minWidthNs: number, isPeriod?: PeriodCheck): FoundPeak | undefined {
  const span = lags.to - lags.from;
  let found: FoundPeak | undefined;
  for (let width = minWidthNs; width <= span / 8 && lagsPerProbe(lags, width) <= MAX_CHANCE; width *= 2) {
    const peak = peakAt(lags, width, isPeriod);
    if (peak === undefined) {
      if (found !== undefined) break;
      continue;
    }
    if (found !== undefined && peak.share < found.peak.share + WIDER_GAIN) break;
    found = { peak, first: found?.first ?? peak };
    // Nearly every start is in it: wider would take in the lags of other requests too.
    if (peak.share >= FULL_SHARE) break;
  }
  return found;
}

/**
 * How many starts fall in one period around each probe (itself included, its own starts a period before and after
 * not): senders. Around, not before it: workers whose tickers fire together send in a burst, and the period before
 * the first of a burst holds it alone.
 */
function sendersPerPeriod(starts: Float64Array, periodNs: number, widthNs: number): number {
  const half = (periodNs - widthNs) / 2;
  const last = starts[starts.length - 1]!;
  const counts = probeIndices(starts.length)
    .filter((j) => starts[j]! - starts[0]! >= periodNs && last - starts[j]! >= periodNs)
    .map((j) => {
      let count = 1;
      for (let i = j - 1; i >= 0 && starts[j]! - starts[i]! < half; i--) count++;
      for (let i = j + 1; i < starts.length && starts[i]! - starts[j]! < half; i++) count++;
      return count;
    })
    .sort((a, b) => a - b);
  return Math.max(1, counts[counts.length >> 1] ?? 1);
}

/** Gaps longer than this many times the mean are idle time (a night, a pause between two runs), not sending. */
const IDLE_GAPS = 100;

/**
 * The mean gap between consecutive starts while requests are being sent: idle stretches left out, so that two runs
 * an hour apart do not make every window look emptier (and a lag more significant) than it is.
 */
function activeMeanGap(starts: Float64Array, resolutionNs: number): number {
  const n = starts.length;
  if (n < 2) return 0;
  const overall = (starts[n - 1]! - starts[0]!) / (n - 1);
  let idle = 0;
  let idleGaps = 0;
  for (let i = 1; i < n; i++) {
    const gap = starts[i]! - starts[i - 1]!;
    if (gap > IDLE_GAPS * overall) [idle, idleGaps] = [idle + gap, idleGaps + 1];
  }
  const active = idleGaps === n - 1 ? overall : (starts[n - 1]! - starts[0]! - idle) / (n - 1 - idleGaps);
  // Start times coarser than the gaps between them show steps, not idle stretches.
  return active >= resolutionNs ? active : overall;
}

/**
 * Whether the rest of a log can still tell anything: too few requests, or start times too coarse for the rate,
 * leave closed and open loop apart whatever follows.
 */
export function tellsAnything(found: SendFingerprint): boolean {
  return found.pattern.kind !== "none" || found.pattern.why === "irregular";
}

/** The times of the first FINGERPRINTED requests (sorted by start), and what lags they can show. */
interface Timing {
  starts: Float64Array;
  latencies: Float64Array;
  toleranceNs: number;
  resolutionNs: number;
  meanGapNs: number;
  reactionWidthNs: number;
  pacingWidthNs: number;
  canReact: boolean;
  canPace: boolean;
  /** Why no lag can show anything, when none can. */
  untellable: "few" | "coarse" | undefined;
}

function timingOf(allStarts: Float64Array, allLatencies: Float64Array): Timing {
  // The first requests tell as well as all of them, in bounded time and memory.
  const n = Math.min(allStarts.length, FINGERPRINTED);
  const [starts, latencies] = [allStarts.subarray(0, n), allLatencies.subarray(0, n)];
  const resolutionNs = n > 0 ? granularity(starts, starts[0]!) : 1;
  const toleranceNs = resolutionNs + granularity(latencies, 0);
  const meanGapNs = activeMeanGap(starts, resolutionNs);
  // Lags closer than their times' granularity cannot be told apart — start times alone for a schedule, start
  // times and latencies for a reaction to an end — and a window as wide must not be crowded by chance.
  const reactionWidthNs = Math.max(2 * toleranceNs, FINEST_WIDTH);
  const pacingWidthNs = Math.max(2 * resolutionNs, FINEST_WIDTH);
  const [canReact, canPace] = [reactionWidthNs / meanGapNs <= MAX_CHANCE, pacingWidthNs / meanGapNs <= MAX_CHANCE];
  const untellable = n < MIN_REQUESTS || !(meanGapNs > 0) ? "few" : !canReact && !canPace ? "coarse" : undefined;
  return { starts, latencies, toleranceNs, resolutionNs, meanGapNs, reactionWidthNs, pacingWidthNs, canReact, canPace, untellable };
}

/**
 * Whether requests sorted by start time can tell anything: `tellsAnything(fingerprint(…))` from their times alone,
 * without looking for the lags (which took ~0.2 s and a few MB for 32,768 requests, to give a yes or no).
 */
export function canTellAnything(allStarts: Float64Array, allLatencies: Float64Array): boolean {
  return timingOf(allStarts, allLatencies).untellable === undefined;
}

/** The fingerprint of requests sorted by start time, from the first FINGERPRINTED of them (see the file comment). */
export function fingerprint(allStarts: Float64Array, allLatencies: Float64Array): SendFingerprint {
  const { starts, latencies, toleranceNs, resolutionNs, meanGapNs, reactionWidthNs, pacingWidthNs, canReact, canPace, untellable } = timingOf(allStarts, allLatencies);
  const result = (pattern: SendPattern): SendFingerprint => ({ pattern, toleranceNs, resolutionNs, meanGapNs });
  if (untellable !== undefined) return result({ kind: "none", why: untellable });
  const horizonNs = HORIZON_GAPS * meanGapNs;
  // The reaction's lags are done with before the pacing's are collected: one set of arrays holds both.
  const scratch = new SortScratch();
  const reaction = canReact ? findPeak(reactionLags(starts, latencies, horizonNs, toleranceNs, scratch), reactionWidthNs) : undefined;
  const pacing = canPace ? findPeak(pacingLags(starts, horizonNs, resolutionNs, scratch), pacingWidthNs, periodCheck(starts)) : undefined;
  // Both fit when latencies hardly vary: the narrower peak is the sharper explanation; at the same width, the one
  // that holds more starts; and a schedule needs the stronger evidence (a slow period) to be called closed, so it
  // wins exact ties. But workers whose tickers fire together are woken as a burst, late by a varying amount: their
  // schedule shows only in a wider window, while the ends of a burst's responses crowd the lags before the next
  // burst, where some end falls in a narrow window by chance more often than an even spread would give. So a
  // schedule that holds clearly more of the starts in the window it was first found in than the reaction in its
  // own — though a wider window's share is reckoned against more chance — explains them better too.
  const pacingExplainsBetter = (p: FoundPeak, r: FoundPeak) =>
    p.peak.widthNs < r.peak.widthNs || (p.peak.widthNs === r.peak.widthNs && p.peak.share >= r.peak.share) || p.first.share >= r.peak.share + WIDER_GAIN;
  if (pacing !== undefined && (reaction === undefined || pacingExplainsBetter(pacing, reaction))) {
    const { centerNs, widthNs, share, chance } = pacing.peak;
    return result({ kind: "paced", periodNs: centerNs, widthNs, share, chance, senders: sendersPerPeriod(starts, centerNs, widthNs) });
  }
  if (reaction !== undefined) {
    const { centerNs, widthNs, share, chance } = reaction.peak;
    return result({ kind: "reaction", lagNs: Math.max(0, centerNs), widthNs, share, chance });
  }
  return result({ kind: "none", why: "irregular" });
}
