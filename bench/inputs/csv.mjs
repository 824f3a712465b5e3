// A production-style CSV: one row per request with its own start time (ISO 8601, ms), the user's session id, the
// route, the status and the latency in ms. Requests arrive as a Poisson stream of 3,000 a second from many users;
// each user makes about 8 requests within a few minutes, so a 1 GB file holds over 2 million sessions. Rows are in
// start order. Used plain, with --co off, with --group-by endpoint, with --session user, and gzipped.
import { exponentialMs, lognormalMs, seededRandom } from "../random.mjs";
import { routePicker, statusOf } from "./routes.mjs";
import { wants, writeCached } from "./write-cached.mjs";
import { perSecond, START_MS } from "./clock.mjs";

const REQUESTS_PER_SECOND = 3000;
const REQUESTS_PER_USER = 8;
/** How many users are active at once (a user's requests fall within this many arrivals of each other). */
const ACTIVE_USERS = 4000;

const CSV_HEADER = "timestamp,user,endpoint,status,latency_ms";

/** Writes the CSV with `limit` ({records} or {bytes}) rows to `file`. */
export function writeTimestampedCsv(file, limit) {
  return writeCached(file, (out) => produceTimestampedCsv(out, limit));
}

/** Writes the CSV's header and then rows, a line per `out.write`, until `limit` ({records} or {bytes}). */
export function produceTimestampedCsv(out, limit) {
  const random = seededRandom(21);
  const latency = lognormalMs(random);
  const gap = exponentialMs(random);
  const route = routePicker(random);
  const more = wants(limit);
  out.write(`${CSV_HEADER}\n`);
  // ISO 8601 up to the second's dot: 2026-11-02T09:00:00.
  const secondPrefix = perSecond((second) => new Date(second * 1000).toISOString().slice(0, 20));
  let clockMs = START_MS;
  for (let n = 0; more(out, n); n++) {
    clockMs += gap(1000 / REQUESTS_PER_SECOND);
    const ms = Math.floor(clockMs);
    const user = Math.max(0, Math.floor(n / REQUESTS_PER_USER) - Math.floor(random() * ACTIVE_USERS));
    // Session ids look like the random hex tokens real services use, not a counter.
    const session = (Math.imul(user + 1, 2654435761) >>> 0).toString(16).padStart(8, "0");
    const r = route();
    const timestamp = `${secondPrefix(ms)}${String(ms % 1000).padStart(3, "0")}Z`;
    out.write(`${timestamp},${session},${r.path},${statusOf(random)},${latency(r.medianMs).toFixed(3)}\n`);
  }
}
