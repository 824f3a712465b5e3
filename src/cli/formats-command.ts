/** `latstat formats`: every input format with what it reads and a sample line. */
import { FORMATS } from "../formats/registry.js";
import { writeResult } from "./terminal.js";
import type { CommandAdder } from "./exit-codes.js";

export const addFormatsCommand: CommandAdder = (program) => {
  program
    .command("formats")
    .description("list the input formats latstat reads")
    .action(async () => {
      const text = FORMATS.map((f) => `${f.name}\n  reads:   ${f.description}\n  example: ${f.example}\n`).join("\n");
      await writeResult(text);
    });
};
