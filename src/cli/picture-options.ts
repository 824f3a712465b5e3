/** `--html FILE` and `--svg FILE`: pictures written beside a command's normal output, atomically, never over an input. */
import path from "node:path";
import type { Command } from "commander";
import { UserError } from "../base/errors.js";
import { TimedSamples } from "../core/timed-samples.js";
import { refuseToOverwriteInputs, writeFileAtomic } from "./write-file-atomic.js";

/** The picture flags as commander collects them. */
export interface PictureFlags {
  html?: string;
  svg?: string;
}

/** Adds `--svg FILE`, writing `chart`. */
export function addSvgOption(command: Command, chart = "the percentile-spectrum chart"): Command {
  return command.option("--svg <file>", `also write ${chart} as a standalone SVG to FILE`);
}

/** Adds `--html FILE` and `--svg FILE` (writing `svgChart`). */
export function addPictureOptions(command: Command, svgChart?: string): Command {
  return addSvgOption(command.option("--html <file>", "also write a self-contained HTML report (tables, interactive charts; works offline) to FILE"), svgChart);
}

/** The output files asked for, as `[flag, file]`. */
export function pictureTargets(flags: PictureFlags): [string, string][] {
  const targets: [string, string][] = [];
  if (flags.html !== undefined) targets.push(["--html", flags.html]);
  if (flags.svg !== undefined) targets.push(["--svg", flags.svg]);
  return targets;
}

/**
 * Refuses, before anything is read, an output file that is one of the inputs (the rule every file output shares:
 * however spelled, links included) or that two flags name.
 */
export async function checkPictureTargets(flags: PictureFlags, inputs: readonly string[]): Promise<void> {
  const targets = pictureTargets(flags);
  await refuseToOverwriteInputs(targets.map(([, file]) => file), inputs);
  const seen = new Map<string, string>();
  for (const [flag, file] of targets) {
    const other = seen.get(path.resolve(file));
    if (other !== undefined) throw new UserError(`${flag} ${file}: ${other} writes the same file`, "give each picture its own file");
    seen.set(path.resolve(file), flag);
  }
}

/** Writes each picture asked for, never over one of `inputs`; `render` is called only for the kinds asked for. */
export async function writePictures(flags: PictureFlags, inputs: readonly string[], render: { html?: () => string; svg: () => string }): Promise<void> {
  if (flags.html !== undefined && render.html !== undefined) await writeFileAtomic(flags.html, render.html(), inputs);
  if (flags.svg !== undefined) await writeFileAtomic(flags.svg, render.svg(), inputs);
}

/**
 * Start times to keep for the HTML page's latency-over-time chart: a keeper of its own when --html is asked for and
 * the coordinated-omission handling keeps none one by one (`correctionTimes`, which detection alone lets go into
 * counts past a block); undefined otherwise.
 */
export function pictureStartTimes(flags: PictureFlags, correctionTimes: TimedSamples | undefined): TimedSamples | undefined {
  return flags.html !== undefined && (correctionTimes === undefined || correctionTimes.sketching) ? new TimedSamples() : undefined;
}
