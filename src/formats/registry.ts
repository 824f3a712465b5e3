/** Every input format latstat knows, in the order detection breaks ties. Adding a format = one line here. */
import { csvFormat, tsvFormat } from "./delimited.js";
import { jsonLinesFormat } from "./jsonl.js";
import { plainFormat } from "./plain.js";
import type { Format } from "./types.js";

export const FORMATS: readonly Format[] = [jsonLinesFormat, csvFormat, tsvFormat, plainFormat];

export function findFormat(name: string): Format | undefined {
  return FORMATS.find((f) => f.name === name);
}

/** Why the distribution of inputs read in these formats ("a+b" as in a report) is only approximate, if it is. */
export function approximation(formatNames: string): string | undefined {
  const reasons = formatNames.split("+").flatMap((name) => {
    const reason = findFormat(name)?.approximate;
    return reason === undefined ? [] : [`${name}: ${reason}`];
  });
  return reasons.length === 0 ? undefined : reasons.join("; ");
}
