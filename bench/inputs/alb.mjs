// An AWS Application Load Balancer access log as AWS documents its entries ("Access log entries", the example
// entries there): 3,000 requests a second over HTTPS to two target groups, in the order the load balancer writes
// them (by completion); the three processing times in s with µs resolution; request_creation_time the start;
// 0.5% of requests with a target that closed the connection (target_processing_time -1, 502).
import { exponentialMs, lognormalMs, seededRandom } from "../random.mjs";
import { concretePath, routePicker, statusOf } from "./routes.mjs";
import { wants, writeCached } from "./write-cached.mjs";
import { START_MS } from "./clock.mjs";

const AGENTS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36", "okhttp/4.12.0", "curl/8.5.0"];
const ARN = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup";
const CERT = "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012";

/** ISO 8601 with µs, as ALB writes it. */
const iso = (epochUs) => `${new Date(Math.floor(epochUs / 1000)).toISOString().slice(0, 19)}.${String(Math.floor(epochUs) % 1_000_000).padStart(6, "0")}Z`;

/** Writes `limit` ({records} or {bytes}) log entries to `file`. */
export function writeAlb(file, limit) {
  return writeCached(file, (out) => {
    const random = seededRandom(71);
    const latency = lognormalMs(random);
    const gap = exponentialMs(random);
    const route = routePicker(random);
    const more = wants(limit);
    let clockUs = START_MS * 1000;
    for (let n = 0; more(out, n); n++) {
      clockUs += gap(1 / 3) * 1000;
      const r = route();
      const group = r.path.startsWith("/static") ? "static-tg/5c0c9188a067" : "api-tg/73e2d6bc24d8a067";
      const target = `10.0.1.${11 + Math.floor(random() * 4)}:8080`;
      const closed = random() < 0.005;
      const targetUs = Math.round(latency(r.medianMs) * 1000);
      const times = closed ? "0.000 -1 -1" : `0.000 ${(targetUs / 1e6).toFixed(6)} 0.000`;
      const status = closed ? 502 : statusOf(random);
      const end = clockUs + (closed ? 0 : targetUs);
      const trace = `Root=1-${Math.floor(clockUs / 1e6).toString(16)}-${Math.floor(random() * 2 ** 48).toString(16).padStart(12, "0")}${n.toString(16).padStart(12, "0")}`;
      const agent = AGENTS[Math.floor(random() * AGENTS.length)];
      const client = `198.51.100.${1 + Math.floor(random() * 254)}:${1024 + Math.floor(random() * 60000)}`;
      out.write(
        `https ${iso(end)} app/shop-lb/50dc6c495c0c9188 ${client} ${target} ${times} ${status} ${closed ? "-" : status} 240 ${status === 200 ? 900 + Math.floor(random() * 4000) : 153} ` +
          `"${r.method} https://shop.example.com:443${concretePath(r, random)} HTTP/1.1" "${agent}" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ${ARN}/${group} "${trace}" "shop.example.com" "${CERT}" 1 ${iso(clockUs)} "forward" "-" "-" "${target}" "${closed ? "-" : status}" "-" "-" TID_${n.toString(16).padStart(8, "0")}\n`,
      );
    }
  });
}
