/**
 * A seeded simulator of load generators and the logs they write, for the coordinated-omission tests: who sent
 * each request is known by construction, so the expected figures can be computed here, per true sender, without
 * the code under test.
 *
 * The server answers each request after a lognormal latency; during a stall it answers nothing, so every request
 * in flight then ends when the stall does. Senders:
 * - paced: N workers, each with a ticker every T at its own phase (at random, T/N apart as a ramp-up makes them,
 *   or all at once as hey -q starts them); a worker waits for its response, and a tick missed meanwhile fires once
 *   when the response comes (as Go's time.Ticker does), the rest are dropped;
 * - as-fast: N workers, each sending again a few tens of microseconds after its response;
 * - think: N workers, each sending again a think time Z (± a little) after its response;
 * - open: one schedule at a constant rate, whatever the responses do (wrk2, vegeta -rate, k6 arrival rate);
 * - poisson: arrivals at random (exponential gaps), from many independent clients.
 */

export interface SimRequest {
  sender: number;
  startNs: number;
  latencyNs: number;
}

export type SenderClass =
  /**
   * `phases`: at random (the default), `even` (T/N apart), or `together` — hey -q starts every worker's ticker at
   * once, so each tick is a burst of N starts, each worker's up to `burstMs` late (goroutines woken on few cores),
   * and the whole burst up to `tickLateMs` late (a busy machine wakes the timers late for every worker at once).
   */
  | { kind: "paced"; senders: number; periodMs: number; phases?: "random" | "even" | "together"; burstMs?: number; tickLateMs?: number }
  | { kind: "as-fast"; senders: number }
  | { kind: "think"; senders: number; thinkMs: number }
  | { kind: "open"; ratePerSec: number }
  | { kind: "poisson"; ratePerSec: number };

export interface SimOptions {
  seed: number;
  senders: SenderClass;
  /** How long the test runs. */
  durationMs: number;
  /** Median latency and the lognormal's sigma. */
  latencyMedianMs: number;
  latencySigma?: number;
  /** A server stall: nothing is answered from `atMs` for `forMs`. */
  stall?: { atMs: number; forMs: number };
}

const MS = 1e6;
/** Start times are written to the microsecond, as most tools do. */
const US = 1e3;
/** An epoch origin, so start times are as large as real ones. */
const ORIGIN_NS = 1_762_074_000_000 * MS;

function random(seed: number): () => number {
  // mulberry32
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The server: when a request started at `start` (ns from the origin) is answered — after a lognormal latency, or,
 * in flight during a stall, when the stall ends (a little after, in arrival order).
 */
function server(next: () => number, latencyMedianMs: number, sigma: number, stalls: readonly { atMs: number; forMs: number }[]): (start: number) => number {
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return (start) => {
    let end = start + latencyMedianMs * MS * Math.exp(sigma * normal());
    for (const stall of stalls) {
      const [stallStart, stallEnd] = [stall.atMs * MS, (stall.atMs + stall.forMs) * MS];
      if (end > stallStart && start < stallEnd) end = Math.max(end, stallEnd + next() * 0.2 * MS);
    }
    return end;
  };
}

/** The requests of a simulated run, sorted by start time, with times rounded to the microsecond. */
export function simulate(options: SimOptions): SimRequest[] {
  const next = random(options.seed);
  const endOf = server(next, options.latencyMedianMs, options.latencySigma ?? 0.5, options.stall ? [options.stall] : []);
  const duration = options.durationMs * MS;
  const requests: SimRequest[] = [];
  const push = (sender: number, start: number, end: number) => {
    const startNs = Math.round(start / US) * US;
    requests.push({ sender, startNs: ORIGIN_NS + startNs, latencyNs: Math.round((end - start) / US) * US });
  };
  const senders = options.senders;
  switch (senders.kind) {
    case "paced": {
      // How late each tick of workers firing together is, the same for all of them (from a stream of its own).
      const nextShared = random(options.seed ^ 0x5eed);
      const tickLate: number[] = [];
      const lateness = (tick: number) => (tickLate[Math.round(tick / (senders.periodMs * MS))] ??= nextShared() * (senders.tickLateMs ?? 0) * MS);
      for (let s = 0; s < senders.senders; s++) {
        const period = senders.periodMs * MS;
        const phases = senders.phases ?? "random";
        let tick = phases === "together" ? 0 : phases === "even" ? (s * period) / senders.senders : next() * period;
        const late = (phases === "together" ? senders.burstMs ?? 0.1 : 0.1) * MS;
        let free = 0;
        for (;;) {
          // The tick fires (a little late, as timers do), or the one missed while waiting fires when it is free.
          const start = Math.max(tick + (phases === "together" ? lateness(tick) : 0), free) + next() * late;
          if (start >= duration) break;
          free = endOf(start);
          push(s, start, free);
          tick += period;
          // Ticks missed while waiting: the last of them is kept for when the response comes, the rest dropped.
          while (tick + period <= free) tick += period;
        }
      }
      break;
    }
    case "as-fast":
    case "think":
      for (let s = 0; s < senders.senders; s++) {
        let start = next() * 5 * MS;
        while (start < duration) {
          const end = endOf(start);
          push(s, start, end);
          const pause = senders.kind === "think" ? senders.thinkMs * MS + (next() - 0.5) * 0.4 * MS : (20 + next() * 60) * US;
          start = end + pause;
        }
      }
      break;
    case "open": {
      const period = 1e9 / senders.ratePerSec;
      for (let k = 0; k * period < duration; k++) {
        const start = k * period + next() * 0.05 * MS;
        push(0, start, endOf(start));
      }
      break;
    }
    case "poisson": {
      const meanGap = 1e9 / senders.ratePerSec;
      for (let start = 0; start < duration; start += -Math.log(1 - next()) * meanGap) push(0, start, endOf(start));
      break;
    }
  }
  return requests.sort((a, b) => a.startNs - b.startNs || a.sender - b.sender);
}

/** Expected coordinated-omission figures, per true sender, computed without latstat. */
export interface TrueFigures {
  /** Each true sender's interval: its median gap between starts. */
  intervalsNs: number[];
  stalls: number;
  omitted: number;
  /** Nearest-rank percentiles (0–100) of the back-filled values of all senders. */
  corrected: (percentile: number) => number;
  correctedCount: number;
}

const STALL_FACTOR = 3;

function medianOf(sorted: number[]): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Each true sender's interval is its median gap between starts (rounded to the microsecond); a gap of 3 intervals
 * or more that the sender spent mostly waiting for its response (the response took two thirds of it or more) is a
 * stall that hid gap/interval − 1 requests; the corrected values are HdrHistogram's
 * recordValueWithExpectedInterval of each latency at its sender's interval.
 */
export function trueFigures(requests: readonly SimRequest[]): TrueFigures {
  const bySender = new Map<number, SimRequest[]>();
  for (const r of requests) {
    if (!bySender.has(r.sender)) bySender.set(r.sender, []);
    bySender.get(r.sender)!.push(r);
  }
  let stalls = 0;
  let omitted = 0;
  const values: number[] = [];
  const intervalsNs: number[] = [];
  for (const own of bySender.values()) {
    const gaps = own.slice(1).map((r, i) => Math.round((r.startNs - own[i]!.startNs) / US) * US);
    const interval = gaps.length === 0 ? 0 : Math.round(medianOf([...gaps].sort((a, b) => a - b)) / US) * US;
    intervalsNs.push(interval);
    gaps.forEach((gap, i) => {
      // A stall: a long gap its sender spent mostly (two thirds or more) waiting for the response before it.
      if (interval > 0 && gap >= STALL_FACTOR * interval && own[i]!.latencyNs >= (2 / 3) * gap) {
        stalls++;
        omitted += gap / interval - 1;
      }
    });
    for (const r of own) {
      values.push(r.latencyNs);
      if (interval <= 0) continue;
      for (let missing = r.latencyNs - interval; missing >= interval; missing -= interval) values.push(missing);
    }
  }
  values.sort((a, b) => a - b);
  return {
    intervalsNs,
    stalls,
    omitted,
    correctedCount: values.length,
    // Nearest rank ⌈p·n⌉, with float noise rounded away first (0.999 × 6000 is 5994.000000000001).
    corrected: (percentile) => values[Math.max(0, Math.ceil(Number(((percentile / 100) * values.length).toPrecision(12))) - 1)]!,
  };
}

/**
 * The requests handed to a pool of senders that each wait for their responses — a client's keep-alive connections,
 * k6's arrival-rate VUs: each request goes to the sender that has been free longest (a little after its response,
 * as a connection goes back to its pool), or to a new one when none is free. The arrivals keep their times: the
 * pool as a whole keeps an open schedule.
 */
export function pooled(requests: readonly SimRequest[]): SimRequest[] {
  const freeAt: number[] = [];
  return requests.map((r) => {
    let sender = -1;
    for (let s = 0; s < freeAt.length; s++) if (freeAt[s]! <= r.startNs && (sender < 0 || freeAt[s]! < freeAt[sender]!)) sender = s;
    if (sender < 0) sender = freeAt.push(0) - 1;
    freeAt[sender] = r.startNs + r.latencyNs + 0.1 * MS;
    return { ...r, sender };
  });
}

/** The requests with their start times cut down to whole steps of `stepNs` (a log written in whole seconds). */
export function truncatedStarts(requests: readonly SimRequest[], stepNs: number): SimRequest[] {
  return requests.map((r) => ({ ...r, startNs: Math.floor(r.startNs / stepNs) * stepNs }));
}

/**
 * Senders on a constant-rate schedule, slot k at k × `intervalMs`, and what each does with a slot it cannot make:
 * - drop: k6's constant-arrival-rate executor — each slot's request starts on time on a free VU (a new one while
 *   there are fewer than `vus`), and is dropped when none is free (dropped_iterations);
 * - skip: one sender on a ticker that drops the ticks that come while it waits, sending on the first tick after its
 *   response;
 * - catch-up: one wrk2 connection — slot k's request is sent at its slot, or, when the sender is late, as soon as
 *   the response before it came back: nothing is dropped, the lateness is made up.
 */
export interface RateOptions {
  seed: number;
  sends: "drop" | "skip" | "catch-up";
  intervalMs: number;
  /** For `drop`: most VUs. */
  vus?: number;
  durationMs: number;
  latencyMedianMs: number;
  latencySigma?: number;
  stalls?: { atMs: number; forMs: number }[];
}

/** A request on a rate schedule, with the start its slot meant for it. */
export interface ScheduledRequest extends SimRequest {
  intendedNs: number;
}

/** The requests of a rate schedule in start order (times to the microsecond), and the slots left without one. */
export function simulateRate(options: RateOptions): { requests: ScheduledRequest[]; skipped: number } {
  const next = random(options.seed);
  const endOf = server(next, options.latencyMedianMs, options.latencySigma ?? 0.5, options.stalls ?? []);
  const interval = options.intervalMs * MS;
  const slots = Math.floor((options.durationMs * MS) / interval);
  const requests: ScheduledRequest[] = [];
  const push = (sender: number, slot: number, start: number, end: number) => {
    const startNs = Math.round(start / US) * US;
    requests.push({ sender, startNs: ORIGIN_NS + startNs, latencyNs: Math.round((end - start) / US) * US, intendedNs: ORIGIN_NS + slot * interval });
  };
  let skipped = 0;
  switch (options.sends) {
    case "drop": {
      const freeAt: number[] = [];
      for (let k = 0; k < slots; k++) {
        const start = k * interval;
        let vu = freeAt.findIndex((t) => t <= start);
        if (vu < 0 && freeAt.length < options.vus!) vu = freeAt.push(0) - 1;
        if (vu < 0) {
          skipped++;
          continue;
        }
        const end = endOf(start);
        freeAt[vu] = end + 0.1 * MS;
        push(vu, k, start, end);
      }
      break;
    }
    case "skip":
    case "catch-up": {
      let free = 0;
      for (let k = 0; k < slots; k++) {
        let start = k * interval;
        if (start < free && options.sends === "skip") {
          skipped++;
          continue;
        }
        // Late: sent as soon as the response before it came back, and a few tens of microseconds.
        if (start < free) start = free + (20 + next() * 60) * US;
        free = endOf(start);
        push(0, k, start, free);
      }
      break;
    }
  }
  return { requests: requests.sort((a, b) => a.startNs - b.startNs), skipped };
}
