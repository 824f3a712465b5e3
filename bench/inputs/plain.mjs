// Plain values: one latency in ms per line with 3 decimals, as `jq -r .latency` or a load tester's raw dump gives.
import { lognormalMs, seededRandom } from "../random.mjs";
import { wants, writeCached } from "./write-cached.mjs";

/** Writes `limit` ({records} or {bytes}) lognormal latencies (median 4.5 ms) to `file`. */
export function writePlain(file, limit) {
  return writeCached(file, (out) => {
    const latency = lognormalMs(seededRandom(7));
    const more = wants(limit);
    for (let n = 0; more(out, n); n++) out.write(`${latency(4.5).toFixed(3)}\n`);
  });
}
