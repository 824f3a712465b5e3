/** `latstat completion bash|zsh|fish`: print a completion script for the shell, made from the commands' definitions. */
import { Argument } from "commander";
import { completionScript, SHELLS, type Shell } from "./completion.js";
import type { CommandAdder } from "./exit-codes.js";
import { writeResult } from "./terminal.js";

export const addCompletionCommand: CommandAdder = (program) => {
  program
    .command("completion")
    .description("print a shell completion script (commands, flags, formats and other values a flag takes)")
    .addArgument(new Argument("<shell>", "the shell").choices(SHELLS))
    .action(async (shell: Shell) => writeResult(completionScript(program, shell)));
};
