/** Writing a command's result to a file named on the command line: atomically, and never over an input. */
import { realpath } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../core/errors.js";
import { writeFileAtomic } from "./write-file-atomic.js";

async function canonical(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch {
    return path.resolve(file);
  }
}

/** Writes `text` to `target` (atomically), refusing when `target` is one of the `inputs`. */
export async function writeOutputFile(target: string, text: string, inputs: readonly string[]): Promise<void> {
  const resolved = await canonical(target);
  for (const input of inputs) {
    if (input !== "-" && (await canonical(input)) === resolved) {
      throw new UserError(`${target}: is also an input; refusing to overwrite it`, "write the result to another file");
    }
  }
  await writeFileAtomic(target, text);
}
