/** The flags that say how failed requests weigh in the figures (report, compare, check). */
import type { Command } from "commander";
import { parsePositiveDuration } from "./co-options.js";

export interface FailureFlags {
  /** `--failures-as`, ns. */
  failuresAs?: number;
  /** `--allow-more-failures` (compare). */
  allowMoreFailures?: boolean;
}

/** `--failures-as DURATION`: the latency a failed request counts at in the with-failures percentiles. */
export function addFailuresAsOption(command: Command): Command {
  return command.option(
    "--failures-as <duration>",
    "count each failed request at this latency (the client's timeout) in the with-failures percentiles, instead of as slower than any success",
    parsePositiveDuration,
  );
}
