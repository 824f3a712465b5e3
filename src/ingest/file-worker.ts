/**
 * A worker thread's entry point for files of several read at once: reads each file it is sent, posting
 * `{ progress: bytes }` as it reads and then the result (see ingest-files.ts).
 */
import { parentPort } from "node:worker_threads";
import { readWholeFile, type FileTask } from "./ingest-files.js";
import { transferList } from "../core/portable.js";

parentPort!.on("message", (task: FileTask) => {
  void readWholeFile(task, (bytes) => parentPort!.postMessage({ progress: bytes })).then((result) => {
    parentPort!.postMessage(result, result.ok ? transferList(result.state) : []);
  });
});
