/**
 * Writing a result file (`--junit`, and every later file output) so that readers see the old file or the whole
 * new one, never half of it, and so that no result is ever written over an input.
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { open, realpath, rename, rm } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../base/errors.js";

/**
 * Writes `content` to a temporary file in the same directory (so the rename cannot cross file systems), flushes
 * it to disk and renames it over `file`. Refuses when `file` is one of `inputs` (the command's input arguments).
 * A failure, or SIGINT/SIGTERM/SIGHUP while writing, leaves no temporary file behind; only SIGKILL can, as
 * `.NAME.PID.RANDOM.tmp` beside the target, which is never touched until the rename.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array, inputs: readonly string[]): Promise<void> {
  await refuseToOverwriteInputs([file], inputs);
  const target = path.resolve(file);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const release = removeOnSignal(temporary);
  try {
    const handle = await open(temporary, "wx");
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: cannot write (${code ?? (error as Error).message})`, "check that the directory exists and is writable");
  } finally {
    release();
  }
}

/**
 * Refuses (a UserError, exit 2) when an output file is one of the inputs, however either is spelled: `x.log`,
 * `./x.log`, a symlink to it. Commands call it before reading, so the refusal comes before any work.
 */
export async function refuseToOverwriteInputs(outputs: readonly (string | undefined)[], inputs: readonly string[]): Promise<void> {
  const inputPaths = new Map<string, string>();
  for (const input of inputs) {
    if (input === "-") continue;
    const real = await realPath(input);
    if (real !== undefined) inputPaths.set(real, input);
  }
  for (const output of outputs) {
    if (output === undefined) continue;
    const real = await realPath(output);
    const input = real === undefined ? undefined : inputPaths.get(real);
    if (input !== undefined) {
      const same = input === output ? "" : ` (${input})`;
      throw new UserError(`${output}: refusing to write over an input file${same}`, "write the result to another file");
    }
  }
}

/** The real path of an existing file; undefined when it does not exist (so it cannot be an input). */
async function realPath(file: string): Promise<string | undefined> {
  try {
    return await realpath(file);
  } catch {
    return undefined;
  }
}

/** Temporary files being written, removed if the process is told to stop meanwhile. */
const pending = new Set<string>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function onSignal(signal: NodeJS.Signals): void {
  for (const file of pending) rmSync(file, { force: true });
  pending.clear();
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  // Die of the same signal, as if we had not caught it (the shell sees 128 + its number).
  process.kill(process.pid, signal);
}

function removeOnSignal(file: string): () => void {
  if (pending.size === 0) for (const s of SIGNALS) process.on(s, onSignal);
  pending.add(file);
  return () => {
    pending.delete(file);
    if (pending.size === 0) for (const s of SIGNALS) process.removeListener(s, onSignal);
  };
}
