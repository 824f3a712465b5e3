#!/usr/bin/env node
// A tiny HTTP server on 127.0.0.1 with a known, seeded delay distribution, for making format fixtures with real
// load testers and servers (scripts/make-format-fixtures.sh). Loopback only; it prints "listening PORT" when ready.
//
//   node scripts/test-server.mjs [--port N] [--seed N] [--stall-after N --stall-for MS]
//
// With --stall-after, the server stalls when the Nth request arrives: for MS milliseconds it answers nothing, and
// every request in flight then or arriving meanwhile is answered when the stall ends (a GC pause, a lock).
//
// Routes (delays are lognormal: median × e^(0.4·N(0,1)), drawn from one seeded stream in arrival order):
//   /api/users    median  4 ms, 200
//   /api/orders   median  8 ms, 200
//   /api/search   median 20 ms, 200
//   /api/flaky    median  6 ms, 500 for 10% of requests (seeded), else 200
//   /missing      no delay, 404
//   /redirect     no delay, 302 to /api/users
//   anything else median  3 ms, 200
import http from "node:http";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
let seed = option("--seed", 7);
const port = option("--port", 0);
const stallAfter = option("--stall-after", 0);
const stallFor = option("--stall-for", 0);
let requests = 0;
let stallUntil = 0;

function random() {
  // mulberry32: small, seeded, good enough for test data.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function normal() {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
const lognormal = (median) => median * Math.exp(0.4 * normal());

const ROUTES = {
  "/api/users": () => ({ delay: lognormal(4), status: 200 }),
  "/api/orders": () => ({ delay: lognormal(8), status: 200 }),
  "/api/search": () => ({ delay: lognormal(20), status: 200 }),
  "/api/flaky": () => ({ delay: lognormal(6), status: random() < 0.1 ? 500 : 200 }),
  "/missing": () => ({ delay: 0, status: 404 }),
  "/redirect": () => ({ delay: 0, status: 302 }),
};

const server = http.createServer((req, res) => {
  const path = (req.url ?? "/").split("?")[0];
  const { delay, status } = (ROUTES[path] ?? (() => ({ delay: lognormal(3), status: 200 })))();
  // Drain the request body (JMeter/vegeta may send one) before answering.
  req.resume();
  if (++requests === stallAfter) stallUntil = Date.now() + stallFor;
  const answer = () => {
    // Held while the server stalls.
    if (Date.now() < stallUntil) return setTimeout(answer, stallUntil - Date.now());
    // A body of fixed length per route: ab counts a response whose length differs from the first one as failed.
    const body = `${status === 200 ? "ok" : "error"} ${path}\n`;
    const headers = { "content-type": "text/plain", "content-length": Buffer.byteLength(body) };
    if (status === 302) headers.location = "/api/users";
    res.writeHead(status, headers);
    res.end(body);
  };
  setTimeout(answer, delay);
});
server.keepAliveTimeout = 5000;
server.listen(port, "127.0.0.1", () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
