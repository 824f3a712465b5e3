/** `--html FILE` and `--svg FILE`: pictures written beside a command's normal output, atomically, never over an input. */
import { stat } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { UserError } from "../core/errors.js";
import { writeFileAtomic } from "./write-file-atomic.js";

/** The picture flags as commander collects them. */
export interface PictureFlags {
  html?: string;
  svg?: string;
}

/** Adds `--svg FILE`. */
export function addSvgOption(command: Command): Command {
  return command.option("--svg <file>", "also write the percentile-spectrum chart as a standalone SVG to FILE");
}

/** Adds `--html FILE` and `--svg FILE`. */
export function addPictureOptions(command: Command): Command {
  return addSvgOption(command.option("--html <file>", "also write a self-contained HTML report (tables, interactive charts; works offline) to FILE"));
}

async function identity(file: string): Promise<string | undefined> {
  try {
    const s = await stat(file);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/** The output files asked for, as `[flag, file]`. */
export function pictureTargets(flags: PictureFlags): [string, string][] {
  const targets: [string, string][] = [];
  if (flags.html !== undefined) targets.push(["--html", flags.html]);
  if (flags.svg !== undefined) targets.push(["--svg", flags.svg]);
  return targets;
}

/**
 * Refuses, before anything is read, an output file that is one of the inputs (by path, or the same file through a
 * link) or that two flags name: writing it would destroy the data the picture is made from.
 */
export async function checkPictureTargets(flags: PictureFlags, inputs: readonly string[]): Promise<void> {
  const targets = pictureTargets(flags);
  const files = inputs.filter((f) => f !== "-");
  const inputIds = new Set((await Promise.all(files.map(identity))).filter((id) => id !== undefined));
  const inputPaths = new Set(files.map((f) => path.resolve(f)));
  const seen = new Map<string, string>();
  for (const [flag, file] of targets) {
    const id = await identity(file);
    if (inputPaths.has(path.resolve(file)) || (id !== undefined && inputIds.has(id))) {
      throw new UserError(`${flag} ${file}: that is an input file; refusing to overwrite it`, "choose another output file");
    }
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
