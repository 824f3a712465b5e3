// An HAProxy HTTP log (`option httplog`, `log stdout format raw`) as fixtures/formats/haproxy was captured from
// HAProxy itself: 3,000 requests a second from a pool of clients through one frontend to two backends; the accept
// date with ms; timers TR/Tw/Tc/Tr/Ta in ms; 0.5% of requests aborted by the server (504 with Tr = -1, sH--).
import { exponentialMs, lognormalMs, seededRandom } from "../random.mjs";
import { concretePath, routePicker, statusOf } from "./routes.mjs";
import { wants, writeCached } from "./write-cached.mjs";
import { clfDate, perSecond, START_MS } from "./clock.mjs";

/** Writes `limit` ({records} or {bytes}) log lines to `file`. */
export function writeHaproxy(file, limit) {
  return writeCached(file, (out) => {
    const random = seededRandom(61);
    const latency = lognormalMs(random);
    const gap = exponentialMs(random);
    const route = routePicker(random);
    const more = wants(limit);
    // HAProxy's accept date, without its ms.
    const acceptSecond = perSecond(clfDate);
    let clockMs = START_MS;
    for (let n = 0; more(out, n); n++) {
      clockMs += gap(1 / 3);
      const r = route();
      const client = `198.51.100.${1 + Math.floor(random() * 254)}:${1024 + Math.floor(random() * 60000)}`;
      const backend = r.path.startsWith("/static") ? "static/s1" : `app/app${1 + Math.floor(random() * 3)}`;
      const tr = Math.floor(random() * 2);
      const tc = Math.floor(random() * 2);
      const aborted = random() < 0.005;
      const serverMs = Math.round(latency(r.medianMs));
      const timers = aborted ? `${tr}/0/${tc}/-1/${tr + tc + 30000}` : `${tr}/0/${tc}/${serverMs}/${tr + tc + serverMs + 1}`;
      const status = aborted ? 504 : statusOf(random);
      const state = aborted ? "sH--" : "----";
      const bytes = status === 200 ? 900 + Math.floor(random() * 4000) : 194;
      out.write(`${client} [${acceptSecond(clockMs)}.${String(Math.floor(clockMs) % 1000).padStart(3, "0")}] web~ ${backend} ${timers} ${status} ${bytes} - - ${state} 12/12/4/2/0 0/0 "${r.method} ${concretePath(r, random)} HTTP/1.1"\n`);
    }
  });
}
