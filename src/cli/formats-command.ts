/** `latstat formats`: every input format with what it reads and a sample line. */
import type { Command } from "commander";
import { FORMATS } from "../formats/registry.js";
import { writeResult } from "./terminal.js";

export function addFormatsCommand(program: Command): void {
  program
    .command("formats")
    .description("list the input formats latstat reads")
    .action(async () => {
      const text = FORMATS.map((f) => `${f.name}\n  reads:   ${f.description}\n  example: ${f.example}\n`).join("\n");
      await writeResult(text);
    });
}
