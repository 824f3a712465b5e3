/**
 * Where a worker thread's script is. The CLI's bundle (dist/cli/latstat.cjs) starts each worker from a bundle of
 * its own (dist/ingest/NAME.cjs, made by scripts/bundle.mjs), which starts without resolving ~100 modules and takes
 * ~13 MB less; the library and the tests start the module (dist/ingest/NAME.js).
 */

/** Set by scripts/bundle.mjs in the CLI's bundle only: the extension of the workers' own bundles. */
declare const LATSTAT_WORKER_EXTENSION: string | undefined;

const EXTENSION = typeof LATSTAT_WORKER_EXTENSION === "string" ? LATSTAT_WORKER_EXTENSION : ".js";

/** The workers, by their modules' names: a part of a large file, and whole files one after another. */
export const WORKER_NAMES = ["ingest-worker", "file-worker"] as const;

/** The script of the worker `name`. */
export function workerScript(name: (typeof WORKER_NAMES)[number]): URL {
  // From this directory's name, so that the path holds in the CLI's bundle too (dist/cli/latstat.cjs).
  return new URL(`../ingest/${name}${EXTENSION}`, import.meta.url);
}
