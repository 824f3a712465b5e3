/**
 * A worker thread's entry point: reads the part of a file it is given, posting `{ progress: bytes }` as it reads
 * and then the result (see part-reader.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import { readPart, type PartTask } from "./part-reader.js";
import { transferList } from "../core/portable.js";

/**
 * Progress is posted once this many bytes were read, not for every chunk: each message costs both threads some
 * work, and parts are read in chunks of a quarter of this (PART_CHUNK_BYTES).
 */
const PROGRESS_BYTES = 1 << 20;

let unreported = 0;
const postProgress = () => {
  if (unreported > 0) parentPort!.postMessage({ progress: unreported });
  unreported = 0;
};

// No top-level await: scripts/bundle.mjs bundles this file as CommonJS for the CLI.
void readPart(workerData as PartTask, (bytes) => {
  unreported += bytes;
  if (unreported >= PROGRESS_BYTES) postProgress();
}).then((result) => {
  postProgress();
  parentPort!.postMessage(result, result.ok ? transferList(result.state) : []);
});
