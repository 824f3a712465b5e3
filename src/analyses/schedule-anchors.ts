/**
 * Where each request of a `--rate` schedule was meant to start. The i-th request's slot is t0 + i/R — while the
 * sender made every send. A sender that drops the sends it cannot make on time (k6's dropped_iterations, a ticker
 * that skips the ticks missed while it waited, as hey -q does) comes back on its schedule some slots later, and then
 * every later request would seem that many slots late, forever (a 1 s gap in a 100/s schedule made every later
 * 5 ms request read 995 ms). A sender that catches up (wrk2) sends as fast as its responses come back until it is on
 * time again: its lateness is real, and so is what it shows.
 *
 * The two differ in how they come back. A sender back on its schedule sends at the rate — ON_SCHEDULE_RUN gaps in a
 * row within ON_RATE_SHARE of the interval, and when the series is one sender's, each sent a while after the
 * response before it had ended (on its timer, not the moment it could). A sender catching up sends faster than the
 * rate (its lateness shrinks); one that cannot keep up sends as soon as each response comes back, at whatever gaps
 * the responses make. So at the start of each such run, the schedule is taken up again where the sender is: its
 * slots are shifted by the run's lateness, and the slots it skipped are counted. Before the first run the slots
 * are t0 + i/R.
 */

/** Gaps at the rate in a row that show a sender on its schedule… */
const ON_SCHEDULE_RUN = 8;
/** …each within this share of the interval, and (one sender's) this share of it or more after the previous response ended. */
const ON_RATE_SHARE = 0.1;

export interface IntendedStarts {
  /** Each request's intended start (index for index with the series' starts). */
  intendedNs: Float64Array;
  /** Slots the sender skipped: by how many intervals the schedule was taken up later than it had been, in all. */
  skipped: number;
}

/**
 * The intended starts of requests in start order (see the file comment); `oneSender` when the series is one
 * sender's, each request sent after the one before it ended (a sender column's key), else several senders' or a
 * pool's sharing the schedule.
 */
export function intendedStarts(startsNs: Float64Array, latenciesNs: Float64Array, intervalNs: number, oneSender: boolean): IntendedStarts {
  const n = startsNs.length;
  const intendedNs = new Float64Array(n);
  const firstNs = startsNs[0] ?? 0;
  const toleranceNs = ON_RATE_SHARE * intervalNs;
  const lateness = (i: number) => startsNs[i]! - (firstNs + i * intervalNs);
  let offsetNs = 0;
  let skipped = 0;
  let runStart = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0 || !atTheRate(i)) runStart = i;
    if (i - runStart + 1 === ON_SCHEDULE_RUN) {
      // A run long enough: the schedule is taken up where the run began (its least lateness, timer jitter aside).
      let runOffsetNs = Infinity;
      for (let j = runStart; j <= i; j++) runOffsetNs = Math.min(runOffsetNs, lateness(j));
      skipped += Math.max(0, Math.round((runOffsetNs - offsetNs) / intervalNs));
      offsetNs = runOffsetNs;
      for (let j = runStart; j < i; j++) intendedNs[j] = firstNs + j * intervalNs + offsetNs;
    }
    intendedNs[i] = firstNs + i * intervalNs + offsetNs;
  }
  return { intendedNs, skipped };

  /** Whether request i came at the rate after the one before it: on its timer, not catching up. */
  function atTheRate(i: number): boolean {
    const gapNs = startsNs[i]! - startsNs[i - 1]!;
    if (Math.abs(gapNs - intervalNs) > toleranceNs) return false;
    return !oneSender || startsNs[i]! - (startsNs[i - 1]! + latenciesNs[i - 1]!) >= toleranceNs;
  }
}
