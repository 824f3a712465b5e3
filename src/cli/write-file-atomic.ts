/**
 * Writing a result file (`--junit`, `--html`, `--svg`, `merge -o`, `--hgrm-dir`) so that readers see the old file or
 * the whole new one, never half of it; so that a link, a device or a FIFO named as the output is written to, not
 * replaced; and so that no result is ever written over an input, stdin included.
 */
import { constants, fstatSync, rmSync, type Stats } from "node:fs";
import { access, lstat, open, realpath, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";
import { UserError } from "../base/errors.js";
import { terminal } from "./terminal.js";

// node:crypto is required where a file is written, not imported with the module: it takes longer to load than a
// short report takes to run. (Required, not import()ed: the CLI's bundle, bin/load-cli.js, has no module loader.)
const require = createRequire(import.meta.url);

/**
 * Writes `content` to `file`. A regular file (or a new one) is written atomically: to a temporary file in the
 * directory of the real file a symlink points to (so the rename cannot cross file systems and the link stays a
 * link), flushed to disk and renamed over it. A character device (`/dev/null`, a terminal) or a FIFO is written to
 * straight through, as `cat > file` would: renaming over it would replace the device node. Anything else (a
 * directory, a socket, a block device) is refused, as is a `file` that is one of `inputs` (the command's input
 * arguments). A failure, or SIGINT/SIGTERM/SIGHUP while writing, leaves no temporary file behind; only SIGKILL
 * can, as `.NAME.PID.RANDOM.tmp` beside the target, which is never touched until the rename.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array, inputs: readonly string[]): Promise<void> {
  await refuseToOverwriteInputs([file], inputs);
  const target = await writeTarget(file);
  if (target === undefined) return writeThrough(file, content);
  // A file written over keeps its permissions, and one we may not write to is not replaced, as `cat > file` would not.
  const existing = await stat(target).catch(() => undefined);
  if (existing !== undefined) await access(target, constants.W_OK).catch((error: unknown) => Promise.reject(cannotWrite(file, error, "the file is not writable")));
  const { randomBytes } = require("node:crypto") as typeof import("node:crypto");
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const release = removeOnSignal(temporary);
  try {
    const handle = await open(temporary, "wx");
    try {
      await handle.writeFile(content);
      if (existing !== undefined) await handle.chmod(existing.mode & 0o7777);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw cannotWrite(file, error);
  } finally {
    release();
  }
}

/**
 * Refuses, before any work, an output `writeFileAtomic` could not write: what `writeTarget` refuses, an existing
 * file not writable, or a directory that does not exist or cannot take the temporary file. Commands call it before
 * reading, so that a result printed on stdout is never followed by exit 2 for a mistyped path.
 */
export async function assertWritable(file: string): Promise<void> {
  const target = await writeTarget(file);
  // A device or FIFO is opened when written: opening a FIFO now would wait for its reader.
  if (target === undefined) return;
  const existing = await stat(target).catch(() => undefined);
  if (existing !== undefined) await access(target, constants.W_OK).catch((error: unknown) => Promise.reject(cannotWrite(file, error, "the file is not writable")));
  await access(path.dirname(target), constants.W_OK | constants.X_OK).catch((error: unknown) => Promise.reject(cannotWrite(file, error)));
}

function cannotWrite(file: string, error: unknown, hint = "check that the directory exists and is writable"): UserError {
  const code = (error as NodeJS.ErrnoException).code;
  return new UserError(`${file}: cannot write (${code ?? (error as Error).message})`, hint);
}

/**
 * The absolute path to rename a written file to: the real file behind any symlinks, or the path itself for a new
 * file; undefined for a character device or a FIFO, which are written straight through.
 */
async function writeTarget(file: string): Promise<string | undefined> {
  let stats: Stats;
  try {
    stats = await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw cannotWrite(file, error);
    const link = await lstat(file).catch(() => undefined);
    if (link?.isSymbolicLink()) throw new UserError(`${file}: a symbolic link to a file that does not exist`, "give the path of the file to write");
    return path.resolve(file);
  }
  if (stats.isFile()) return await realpath(file);
  if (stats.isCharacterDevice() || stats.isFIFO()) return undefined;
  const what = stats.isDirectory() ? "a directory" : stats.isSocket() ? "a socket" : "a block device";
  throw new UserError(`${file}: cannot write a result to ${what}`, "give the path of a file; devices such as /dev/null and FIFOs are written to as they are");
}

/** Writes `content` into a device or FIFO as it is (a FIFO waits for its reader, as `cat > fifo` does). */
async function writeThrough(file: string, content: string | Uint8Array): Promise<void> {
  try {
    const handle = await open(file, "w");
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw cannotWrite(file, error, "the device or FIFO did not take it");
  }
}

/** The names stdin goes by as a path. */
const STDIN_NAMES = new Set(["-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"]);

/**
 * Refuses (a UserError, exit 2) when an output file is one of the inputs, however either is spelled: `x.log`,
 * `./x.log`, a symlink to it; and when stdin (`-`) is an input, its names (`/dev/stdin`) and the file or FIFO it is.
 * Commands call it before reading, so the refusal comes before any work.
 */
export async function refuseToOverwriteInputs(outputs: readonly (string | undefined)[], inputs: readonly string[]): Promise<void> {
  const inputPaths = new Map<string, string>();
  for (const input of inputs) {
    if (input === "-") continue;
    const real = await realPath(input);
    if (real !== undefined) inputPaths.set(real, input);
  }
  const readsStdin = inputs.includes("-");
  for (const output of outputs) {
    if (output === undefined) continue;
    if (readsStdin && (STDIN_NAMES.has(output) || (await isStdin(output)))) {
      throw new UserError(`${output}: refusing to write over an input (stdin)`, "write the result to another file");
    }
    const real = await realPath(output);
    const input = real === undefined ? undefined : inputPaths.get(real);
    if (input !== undefined) {
      const same = input === output ? "" : ` (${input})`;
      throw new UserError(`${output}: refusing to write over an input file${same}`, "write the result to another file");
    }
  }
}

/** True when `file` is the very file or FIFO the process's stdin reads (`latstat < x.log --html x.log`). */
async function isStdin(file: string): Promise<boolean> {
  if (terminal().stdin !== process.stdin) return false;
  try {
    const [output, stdin] = [await stat(file), fstatSync(0)];
    return output.dev === stdin.dev && output.ino === stdin.ino;
  } catch {
    return false;
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
