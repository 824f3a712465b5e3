/** Column and field names that look like a latency, in order of preference, for auto-picking one. */

const LATENCY_NAMES = [
  "latency",
  "latencyms",
  "latencyus",
  "latencyns",
  "responsetime",
  "resptime",
  "requesttime",
  "elapsed",
  "elapsedms",
  "duration",
  "durationms",
  "servicetime",
  "rt",
  "timems",
  "timetaken",
  "took",
  "ttime",
  // nginx's, when a log has no $request_time (its JSON access log names fields after its variables).
  "upstreamresponsetime",
];

/**
 * `time` alone may be a latency (a tool's own log) but is as often a start time (it is one of START_TIME_NAMES): it
 * is taken only when no other name looks like a latency, `response_time_ms` and `latency_seconds` included — and so
 * is `time` with a unit (`time_us`, `time_seconds`; `time_ms` is a latency name of its own).
 */
const WEAK_LATENCY_NAME = /^time(ns|us|µs|ms|s|sec|secs|seconds|nanos|micros|millis|nanoseconds|microseconds|milliseconds)?$/;

/** Names of start-time columns and fields, in order of preference, for auto-picking one. */
const START_TIME_NAMES = ["starttime", "start", "sendtime", "timestamp", "ts", "time", "datetime", "date"];

/** A unit word ending a normalised start-time name: `start_ms`, `timestamp_us`, `ts_epoch`. */
const TIME_UNIT_SUFFIX = /(ms|us|ns|sec|secs|seconds|millis|epoch)$/;

/** Index in `names` of the best start-time-looking name other than `exclude`, or -1. */
export function pickStartTimeName(names: readonly string[], exclude: number): number {
  const normalised = names.map((name) => {
    const n = normalise(name);
    const stripped = n.replace(TIME_UNIT_SUFFIX, "");
    return START_TIME_NAMES.includes(stripped) ? stripped : n;
  });
  for (const candidate of START_TIME_NAMES) {
    const index = normalised.findIndex((n, i) => i !== exclude && n === candidate);
    if (index >= 0) return index;
  }
  return -1;
}

/** Lower-cases and drops separators, so `Response-Time`, `response_time` and `responseTime` compare equal. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9µ]/g, "");
}

/** Index in `names` of the best latency-looking name, or -1. */
export function pickLatencyName(names: readonly string[]): number {
  const normalised = names.map(normalise);
  for (const candidate of LATENCY_NAMES) {
    const index = normalised.indexOf(candidate);
    if (index >= 0) return index;
  }
  // Then names that start with a candidate and carry a unit or qualifier: `latency_seconds`, `duration_p`.
  for (const candidate of LATENCY_NAMES) {
    if (candidate.length < 4) continue;
    const index = normalised.findIndex((n) => n.startsWith(candidate));
    if (index >= 0) return index;
  }
  return normalised.findIndex((n) => WEAK_LATENCY_NAME.test(n));
}

/**
 * Names of columns and fields that tell which connection, worker or virtual user sent a request: coordinated
 * omission is judged per sender when one is there (normalised as `normalise` does).
 */
const SENDER_NAMES = ["connection", "connectionid", "conn", "connid", "worker", "workerid", "thread", "threadid", "threadname", "vu", "vuid", "clientid", "sender", "senderid"];

/** Index in `names` of the first sender-looking name not in `exclude`, or -1. */
export function pickSenderName(names: readonly string[], exclude: readonly number[]): number {
  const normalised = names.map(normalise);
  for (const candidate of SENDER_NAMES) {
    const index = normalised.findIndex((n, i) => n === candidate && !exclude.includes(i));
    if (index >= 0) return index;
  }
  return -1;
}

/** What a decoder says when it uses `what` (a column, field or tag) as each request's sender without --per. */
export function senderNotice(what: string): string {
  return `using ${what} as the sender of each request: coordinated omission is judged per sender (--per none ignores it)`;
}

/**
 * A format's own field that may name each request's sender (a connection's client address and port…): set as the
 * key when `enabled` (a proxy's or server's log: only when `--per` asks — a client may spread its requests over the
 * connections of a pool), and said once.
 */
export class SenderField {
  private notices: string[] = [];
  private said = false;

  constructor(
    private readonly what: string,
    private readonly enabled: boolean,
  ) {}

  set(sample: { key?: string }, value: string): void {
    if (!this.enabled) return;
    sample.key = value;
    if (this.said) return;
    this.said = true;
    this.notices.push(`using ${this.what} as the sender of each request, as --per asks`);
  }

  takeNotices(): string[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }
}
