/** Writing a result file so that readers see the old file or the whole new one, never half of it. */
import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../core/errors.js";

/**
 * Writes `text` to a temporary file in the same directory (so the rename cannot cross file systems), flushes it
 * to disk and renames it over `file`. A failure leaves no temporary file behind and is a user error.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const target = path.resolve(file);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    const handle = await open(temporary, "wx");
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: cannot write (${code ?? (error as Error).message})`, "check that the directory exists and is writable");
  }
}
