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
  // A terminal that says it is 0 columns wide (`script`, `docker exec -t` without a size) would have every line cut
  // to nothing: then it is taken as 80 wide, as for one that does not say.
  const size = stderr as { columns?: number; rows?: number };
  const sized = { isTTY: true, get columns() { return size.columns || 80; }, get rows() { return size.rows || 24; }, write: (text: string) => stderr.write(text) };
  // log-update reads only these of its stream: isTTY, columns, rows and write.
  const draw = createLogUpdate(sized as unknown as NodeJS.WritableStream);
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
