/**
 * A simulated production log of several web hosts, in nginx's default layout for latstat (combined +
 * `$request_time`), the hosts' logs one after the other as `cat web*.log` leaves them — with what it holds known by
 * construction: the latency of every successful request and how many started in each second.
 *
 * As nginx writes it: a line when the request ends, `$time_local` that moment to the second, `$request_time` in
 * seconds with millisecond resolution (nginx docs, ngx_http_log_module). Statuses of 400 and above are failed
 * requests, which latstat leaves out of the histogram.
 */
// @ts-expect-error -- plain JavaScript script without type declarations
import { seededRandom } from "../../scripts/make-golden-inputs.mjs";

export interface MultiHostLog {
  text: string;
  lines: number;
  /** The `$request_time` of each request with a status below 400, in whole milliseconds. */
  okLatenciesMs: number[];
  /**
   * Successful requests per second they started in, by epoch second, as a log to the second tells it: the second
   * of `$time_local` (the end) less the latency rounded to whole seconds (docs/formats.md).
   */
  okPerSecond: Map<number, number>;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `02/Nov/2026:09:00:07 +0000`, nginx's `$time_local` on a host whose clock is UTC. */
function timeLocal(epochSec: number): string {
  const d = new Date(epochSec * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** `hosts` hosts serving for `seconds` s from 2026-11-02 09:00:00 UTC, each its own rate and latency median. */
export function multiHostLog(hosts: number, requestsPerHost: number, seconds: number, seed: number): MultiHostLog {
  const random: () => number = seededRandom(seed);
  const startSec = Date.UTC(2026, 10, 2, 9, 0, 0) / 1000;
  const lines: string[] = [];
  const okLatenciesMs: number[] = [];
  const okPerSecond = new Map<number, number>();
  const paths = ["/api/users", "/api/orders", "/api/search"];
  for (let host = 1; host <= hosts; host++) {
    const medianMs = 4 * host;
    // End times, sorted: nginx appends a line as each request ends.
    const ends = Array.from({ length: requestsPerHost }, () => startSec + random() * seconds).sort((a, b) => a - b);
    for (const [i, end] of ends.entries()) {
      const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      // A few slow outliers (up to 3 s) beside the lognormal body; nginx's resolution is 1 ms.
      const latencyMs = random() < 0.002 ? 1 + Math.floor(random() * 3000) : Math.max(0, Math.round(medianMs * Math.exp(0.8 * normal)));
      const roll = random();
      const status = roll < 0.01 ? 502 : roll < 0.015 ? 404 : 200;
      const second = Math.floor(end);
      const path = paths[i % paths.length]!;
      lines.push(`10.${host}.${(i >> 8) & 255}.${i & 255} - - [${timeLocal(second)}] "GET ${path} HTTP/1.1" ${status} ${status === 200 ? 612 : 157} "-" "Mozilla/5.0" ${(latencyMs / 1000).toFixed(3)}`);
      if (status < 400) {
        okLatenciesMs.push(latencyMs);
        const startSecond = second - Math.round(latencyMs / 1000);
        okPerSecond.set(startSecond, (okPerSecond.get(startSecond) ?? 0) + 1);
      }
    }
  }
  return { text: lines.join("\n") + "\n", lines: lines.length, okLatenciesMs, okPerSecond };
}

/**
 * The highest value of the bucket holding `valueNs` in a histogram of 3 significant digits and lowest discernible
 * value 1 (HdrHistogram's layout: 2,048 sub-buckets, unit 1 below 2,048, doubling with each power of two above).
 */
export function highestEquivalentNs(valueNs: number): number {
  const unit = valueNs < 2048 ? 1 : 2 ** (Math.floor(Math.log2(valueNs)) - 10);
  return Math.floor(valueNs / unit) * unit + unit - 1;
}

/** The lowest value of the bucket holding `valueNs` (same layout). */
export function lowestEquivalentNs(valueNs: number): number {
  const unit = valueNs < 2048 ? 1 : 2 ** (Math.floor(Math.log2(valueNs)) - 10);
  return Math.floor(valueNs / unit) * unit;
}
