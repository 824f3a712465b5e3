/** `--html FILE` and `--svg FILE`: pictures written beside a command's normal output, atomically, never over an input. */
import path from "node:path";
import type { Command } from "commander";
import { escapeControls, UserError } from "../base/errors.js";
import { assertWritable, refuseToOverwriteInputs, writeFileAtomic } from "./write-file-atomic.js";

/** The picture flags as commander collects them. */
export interface PictureFlags {
  html?: string;
  svg?: string;
}

/** The pictures to write, each to its file (the typed form of the picture flags). */
export interface Pictures {
  /** A self-contained HTML page. */
  html?: string;
  /** The command's chart as an SVG document. */
  svg?: string;
}

/** Adds `--svg FILE`, writing `chart`. */
export function addSvgOption(command: Command, chart = "the percentile-spectrum chart"): Command {
  return command.optionsGroup("Pictures:").option("--svg <file>", `also write ${chart} as a standalone SVG to FILE`);
}

/** Adds `--html FILE` and `--svg FILE` (writing `svgChart`). */
export function addPictureOptions(command: Command, svgChart?: string): Command {
  return addSvgOption(command.optionsGroup("Pictures:").option("--html <file>", "also write a self-contained HTML report (tables, interactive charts; works offline) to FILE"), svgChart);
}

/** The output files asked for, as `[flag, file]`. */
export function pictureTargets(pictures: Pictures): [string, string][] {
  const targets: [string, string][] = [];
  if (pictures.html !== undefined) targets.push(["--html", pictures.html]);
  if (pictures.svg !== undefined) targets.push(["--svg", pictures.svg]);
  return targets;
}

/**
 * Refuses, before anything is read, an output file that is one of the inputs (the rule every file output shares:
 * however spelled, links included), that two flags name — the pictures' or `others` (check's `--junit`) — or that
 * cannot be written (a directory that does not exist): else the result would be on stdout before exit 2.
 */
export async function checkPictureTargets(pictures: Pictures, inputs: readonly string[], others: readonly [string, string][] = []): Promise<void> {
  const targets = [...others, ...pictureTargets(pictures)];
  // "-" is stdin or stdout elsewhere; here it would be a file of that name, beside the report on stdout. An empty
  // name would fail only once the report is printed.
  const unnamed = targets.find(([, file]) => file === "-" || file === "");
  if (unnamed !== undefined) {
    const [flag, file] = unnamed;
    const example = `give a file name, e.g. ${flag} ${flag === "--junit" ? "results.xml" : `latency.${flag.slice(2)}`}`;
    throw new UserError(file === "-" ? `${flag} -: writes a file, not stdout (which holds the report)` : `${flag}: an empty file name`, example);
  }
  await refuseToOverwriteInputs(targets.map(([, file]) => file), inputs);
  const seen = new Map<string, string>();
  for (const [flag, file] of targets) {
    const other = seen.get(path.resolve(file));
    if (other !== undefined) throw new UserError(`${flag} ${escapeControls(file)}: ${other} writes the same file`, "give each output its own file");
    seen.set(path.resolve(file), flag);
  }
  for (const [, file] of targets) await assertWritable(file);
}

/**
 * Writes each picture asked for that the command draws (a flag it refuses has no renderer), never over one of
 * `inputs`; `render` is called only for the kinds asked for.
 */
export async function writePictures(pictures: Pictures, inputs: readonly string[], render: { html?: () => string; svg?: () => string }): Promise<void> {
  if (pictures.html !== undefined && render.html !== undefined) await writeFileAtomic(pictures.html, render.html(), inputs);
  if (pictures.svg !== undefined && render.svg !== undefined) await writeFileAtomic(pictures.svg, render.svg(), inputs);
}
