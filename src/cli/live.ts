/** `--live`: redraws the running summary on stderr (only on a terminal) while the inputs are read. */
import { LiveTally } from "../analyses/live-tally.js";
import type { SignificantDigits } from "../core/histogram.js";
import { renderLiveLine } from "../render/live-line.js";
import { formatDuration } from "../render/values.js";
import { terminal } from "./terminal.js";

export interface LiveView {
  /** The consumer to read the inputs into, beside the report's own. */
  tally: LiveTally;
  /** Draws the last figures and leaves them on screen. */
  stop(): void;
}

/** Starts redrawing every `everyNs`; undefined when stderr is not a terminal. */
export async function startLive(digits: SignificantDigits, everyNs: number): Promise<LiveView | undefined> {
  const { stderr } = terminal();
  if (stderr.isTTY !== true) return undefined;
  // Loaded only for --live on a terminal.
  const { createLogUpdate } = await import("log-update");
  const tally = new LiveTally(digits, performance.now());
  const draw = createLogUpdate(stderr);
  const label = formatDuration(everyNs);
  const redraw = () => draw(renderLiveLine(tally.figures(performance.now()), label));
  const timer = setInterval(redraw, everyNs / 1e6);
  // The timer alone must not keep latstat running once the input has ended.
  timer.unref();
  return {
    tally,
    stop: () => {
      clearInterval(timer);
      redraw();
      draw.done();
    },
  };
}
