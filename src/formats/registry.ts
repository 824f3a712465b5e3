/** Every input format latstat knows, in the order detection breaks ties. Adding a format = one line here. */
import { csvFormat, tsvFormat } from "./delimited.js";
import { hlogFormat } from "./hlog.js";
import { jsonLinesFormat } from "./jsonl.js";
import { plainFormat } from "./plain.js";
import type { Format } from "./types.js";

export const FORMATS: readonly Format[] = [jsonLinesFormat, csvFormat, tsvFormat, plainFormat, hlogFormat];

export function findFormat(name: string): Format | undefined {
  return FORMATS.find((f) => f.name === name);
}
