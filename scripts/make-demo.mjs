#!/usr/bin/env node
// Writes fixtures/demo.log: a seeded, realistic request log of a web service load-tested at 100 requests/s by a
// closed-loop client. Latencies are lognormal (median ~12 ms) with a slow endpoint and a 1.5 s server stall;
// during the stall the client sends nothing (coordinated omission), which the demo makes visible.
import { writeFileSync } from "node:fs";

let seed = 42;
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

const endpoints = [
  { path: "/api/users", weight: 0.5, median: 9 },
  { path: "/api/orders", weight: 0.35, median: 14 },
  { path: "/api/search", weight: 0.15, median: 35 },
];
const start = Date.UTC(2026, 10, 2, 9, 0, 0);
const intervalMs = 10;
const stallAt = 12000;
const rows = ["timestamp,endpoint,status,latency_ms"];
let t = start;
for (let i = 0; i < 20000; i++) {
  const pick = random();
  let acc = 0;
  const endpoint = endpoints.find((e) => (acc += e.weight) >= pick) ?? endpoints[0];
  let latency = endpoint.median * Math.exp(0.45 * normal());
  if (i === stallAt) latency = 1500 + random() * 10;
  const status = random() < 0.004 ? 503 : 200;
  rows.push(`${new Date(t).toISOString()},${endpoint.path},${status},${latency.toFixed(3)}`);
  // Closed loop: the next request goes out when this one is done, or on schedule if that is later.
  t += Math.max(intervalMs, Math.ceil(latency));
}
writeFileSync(new URL("../fixtures/demo.log", import.meta.url), rows.join("\n") + "\n");
