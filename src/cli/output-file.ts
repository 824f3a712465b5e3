/** A command's result file named on the command line must not be one of its inputs. */
import { realpath } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../core/errors.js";

async function canonical(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch {
    return path.resolve(file);
  }
}

/** A usage error when `target` is (a link to) one of the `inputs`; call it before reading them. */
export async function refuseInputAsOutput(target: string, inputs: readonly string[]): Promise<void> {
  const resolved = await canonical(target);
  for (const input of inputs) {
    if (input !== "-" && (await canonical(input)) === resolved) {
      throw new UserError(`${target}: is also an input; refusing to overwrite it`, "write the result to another file");
    }
  }
}
