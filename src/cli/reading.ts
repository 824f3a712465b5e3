/** How the CLI follows a reading: notices said on stderr as they come, debug lines, a progress bar, its own stdin. */
import type { Notice } from "../analyses/notices.js";
import type { RecordHooks } from "../analyses/read-recorded.js";
import { noticeText } from "../render/notices.js";
import { startProgress } from "./progress.js";
import { terminal, warn } from "./terminal.js";

/** Says a notice on stderr. */
export function say(notice: Notice): void {
  warn(noticeText(notice));
}

/** What to follow a reading with besides notices. */
export interface ReadingChoices {
  /** `--debug`: explain format detection. */
  debug: boolean;
  /** Stops the reading (Ctrl-C). */
  signal?: AbortSignal;
  /** The command can use Prometheus bucket counts. */
  buckets?: boolean;
  /** A progress bar for large files on a terminal (unless something else draws there, as --live). */
  progress?: boolean;
}

/** The hooks of a reading on this run's terminal. */
export function readingHooks(choices: ReadingChoices): RecordHooks {
  return {
    signal: choices.signal,
    buckets: choices.buckets,
    stdin: terminal().stdin,
    notice: say,
    debug: choices.debug ? (message) => warn(`debug: ${message}`) : undefined,
    progress: choices.progress === false ? undefined : startProgress,
  };
}
