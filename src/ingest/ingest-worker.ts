/**
 * A worker thread's entry point: reads the part of a file it is given, posting `{ progress: bytes }` as it reads
 * and then the result (see part-reader.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import { readPart, type PartTask } from "./part-reader.js";
import { transferList } from "../core/portable.js";

// No top-level await: scripts/bundle.mjs bundles this file as CommonJS for the CLI.
void readPart(workerData as PartTask, (bytes) => parentPort!.postMessage({ progress: bytes })).then((result) =>
  parentPort!.postMessage(result, result.ok ? transferList(result.state) : []),
);
