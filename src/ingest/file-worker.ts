/**
 * A worker thread's entry point for files of several read at once: reads each file it is sent, posting
 * `{ progress: bytes }` as it reads and then the result; a `stop` (Ctrl-C) ends the file being read where it is,
 * and its result holds what was read (see ingest-files.ts).
 */
import { parentPort } from "node:worker_threads";
import { readWholeFile, type FileWorkerMessage } from "./ingest-files.js";
import { transferList } from "../core/portable.js";

let reading: AbortController | undefined;

// No top-level await: scripts/bundle.mjs bundles this file as CommonJS for the CLI.
parentPort!.on("message", (message: FileWorkerMessage) => {
  if ("stop" in message) {
    reading?.abort();
    return;
  }
  const controller = new AbortController();
  reading = controller;
  void readWholeFile(message.task, (bytes) => parentPort!.postMessage({ progress: bytes }), controller.signal).then((result) => {
    if (reading === controller) reading = undefined;
    parentPort!.postMessage(result, result.ok ? transferList(result.state) : []);
  });
});
