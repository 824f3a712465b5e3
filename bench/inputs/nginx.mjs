// An nginx access log in `combined` plus `$request_time` (log_format combined_request_time '... $request_time'),
// as fixtures/formats/nginx was captured from nginx itself: 3,000 requests a second from a pool of clients with
// browser and tool user agents; $time_local is when the request ended (nginx logs at completion), so lines are in
// end order; $request_time in seconds with ms resolution.
import { exponentialMs, lognormalMs, seededRandom } from "../random.mjs";
import { concretePath, routePicker, statusOf } from "./routes.mjs";
import { wants, writeCached } from "./write-cached.mjs";
import { clfDate, perSecond, START_MS } from "./clock.mjs";

const AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
  "okhttp/4.12.0",
  "curl/8.5.0",
];
const REFERERS = ["-", "https://shop.example.com/", "https://shop.example.com/cart"];

/** Writes `limit` ({records} or {bytes}) log lines to `file`. */
export function writeNginx(file, limit) {
  return writeCached(file, (out) => {
    const random = seededRandom(51);
    const latency = lognormalMs(random);
    const gap = exponentialMs(random);
    const route = routePicker(random);
    const more = wants(limit);
    // nginx's $time_local, in UTC.
    const timeLocal = perSecond((second) => `${clfDate(second)} +0000`);
    let clockMs = START_MS;
    for (let n = 0; more(out, n); n++) {
      clockMs += gap(1 / 3);
      const r = route();
      const status = statusOf(random);
      const client = `198.51.100.${1 + Math.floor(random() * 254)}`;
      const bytes = status === 200 ? 900 + Math.floor(random() * 4000) : 153;
      const agent = AGENTS[Math.floor(random() * AGENTS.length)];
      const referer = REFERERS[Math.floor(random() * REFERERS.length)];
      const seconds = (latency(r.medianMs) / 1000).toFixed(3);
      out.write(`${client} - - [${timeLocal(clockMs)}] "${r.method} ${concretePath(r, random)} HTTP/1.1" ${status} ${bytes} "${referer}" "${agent}" ${seconds}\n`);
    }
  });
}
