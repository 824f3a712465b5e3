/** A progress bar on stderr (bytes, rate, ETA) while a large file is read: only on a terminal, never in CI. */
import { escapeControls } from "../base/errors.js";
import { terminal } from "./terminal.js";

/** Files larger than this get a bar. */
export const PROGRESS_MIN_BYTES = 50 * 2 ** 20;

const MB = 2 ** 20;

/** True on CI services, which set CI (to "true" mostly); `CI=false` or `CI=0` says it is not one. */
function onCi(): boolean {
  const ci = terminal().env.CI;
  return ci !== undefined && ci !== "" && ci !== "false" && ci !== "0";
}

export interface Progress {
  /** Adds bytes read. */
  advance(bytes: number): void;
  /** Removes the bar. */
  stop(): void;
}

/** A bar for reading `size` bytes of `name`, or undefined when none should be shown. */
export async function startProgress(name: string, size: number): Promise<Progress | undefined> {
  const { stderr } = terminal();
  if (size <= PROGRESS_MIN_BYTES || stderr.isTTY !== true || onCi()) return undefined;
  // Loaded only when a bar is drawn: most runs never need it.
  const { default: cliProgress } = await import("cli-progress");
  const bar = new cliProgress.SingleBar(
    {
      stream: stderr,
      // The name as a value, not in the format: cli-progress would fill a `{value}` in it, and pass escapes through.
      format: "{name} [{bar}] {percentage}% | {done}/{size} MB | {rate} MB/s | ETA {eta_formatted}",
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  let done = 0;
  const shownName = escapeControls(name);
  const payload = () => ({
    name: shownName,
    done: (done / MB).toFixed(0),
    size: (size / MB).toFixed(0),
    rate: (done / MB / Math.max((performance.now() - started) / 1000, 1e-3)).toFixed(0),
  });
  bar.start(size, 0, payload());
  return {
    advance: (bytes) => {
      done += bytes;
      bar.update(Math.min(done, size), payload());
    },
    stop: () => bar.stop(),
  };
}
