#!/usr/bin/env node
// Writes fixtures/co/: constructed request logs for the coordinated-omission tests and README example.
//   stalled-sender.csv  two connections, each meant to send every 20 ms (100/s together); each waits for its
//                       response before sending again, and the server stalls twice (1.2 s and 0.8 s).
//   steady-sender.csv   the same sender with no stall: nothing to correct.
import { writeFileSync } from "node:fs";

function log(stalls) {
  const rows = ["start_ms,connection,latency_ms"];
  const perConnection = 20;
  for (const connection of ["c1", "c2"]) {
    let t = connection === "c1" ? 0 : 10;
    for (let i = 0; i < 500; i++) {
      // Latencies cycle 2.0–4.9 ms so the file is deterministic and readable.
      const latency = stalls[`${connection}:${i}`] ?? 2 + ((i * 7) % 30) / 10;
      rows.push(`${1762074000000 + t},${connection},${latency.toFixed(1)}`);
      t += Math.max(perConnection, latency);
    }
  }
  return rows.join("\n") + "\n";
}

const dir = new URL("../fixtures/co/", import.meta.url);
writeFileSync(new URL("stalled-sender.csv", dir), log({ "c1:200": 1200, "c2:350": 800 }));
writeFileSync(new URL("steady-sender.csv", dir), log({}));
