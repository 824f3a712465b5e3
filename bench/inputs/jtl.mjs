// JMeter results as `jmeter -n -l results.jtl` writes them with JMeter 5's default CSV columns and a header: 50
// threads of one thread group, each a closed loop (the next sample starts about 1 ms after the previous one
// ended, no timers). JMeter writes a sample when it completes, so rows are in end order while timeStamp is the
// start (sampleresult.timestamp.start=true). The first sample of each thread opens its connection (Connect > 0).
import { lognormalMs, seededRandom } from "../random.mjs";
import { concretePath, routePicker, statusOf } from "./routes.mjs";
import { wants, writeCached } from "./write-cached.mjs";
import { START_MS } from "./clock.mjs";

const THREADS = 50;
const HEADER =
  "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect";
const MESSAGES = { 200: "OK", 404: "Not Found", 500: "Internal Server Error" };

/** Writes `limit` ({records} or {bytes}) samples to `file`. */
export function writeJtl(file, limit) {
  return writeCached(file, (out) => {
    const random = seededRandom(31);
    const latency = lognormalMs(random);
    const route = routePicker(random);
    const more = wants(limit);
    // Each thread's sample in flight: its start, elapsed time, route, and whether it opened the connection.
    const threads = Array.from({ length: THREADS }, (_, i) => {
      const r = route();
      return { start: START_MS + i * 20, elapsed: Math.max(1, Math.round(latency(r.medianMs) + 2)), route: r, connect: 2 };
    });
    out.write(`${HEADER}\n`);
    for (let n = 0; more(out, n); n++) {
      let next = 0;
      for (let i = 1; i < THREADS; i++) if (threads[i].start + threads[i].elapsed < threads[next].start + threads[next].elapsed) next = i;
      const t = threads[next];
      const status = statusOf(random);
      const label = `${t.route.method} ${t.route.path}`;
      const url = `http://shop.example.com${concretePath(t.route, random)}`;
      const bytes = status === 200 ? 900 + Math.floor(random() * 4000) : 180;
      const firstByte = Math.max(t.connect, t.elapsed - Math.floor(random() * 2));
      out.write(
        `${t.start},${t.elapsed},${label},${status},${MESSAGES[status]},Thread Group 1-${next + 1},text,${status === 200},,` +
          `${bytes},${t.route.method === "GET" ? 128 : 412},${THREADS},${THREADS},${url},${firstByte},0,${t.connect}\n`,
      );
      const r = route();
      threads[next] = { start: t.start + t.elapsed + 1, elapsed: Math.max(1, Math.round(latency(r.medianMs))), route: r, connect: 0 };
    }
  });
}
