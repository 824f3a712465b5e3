/**
 * How an output of an interrupted run (Ctrl-C while reading) says it is partial, in each text format: the note as
 * the first line of a table or chart, in bold in markdown, as a `#` comment in CSV, hgrm and hlog (which their
 * readers skip), and `"partial": true` in JSON. The report's own renderers mark their table, markdown and JSON.
 */
import { PARTIAL_NOTE } from "./describe-input.js";
import { jsonText } from "./json-text.js";

export type PartialFormat = "text" | "markdown" | "csv" | "hgrm" | "hlog" | "json";

/** `text` (an output in `format`) marked as covering only what was read before Ctrl-C. */
export function markPartial(format: PartialFormat, text: string): string {
  switch (format) {
    case "text":
      return `${PARTIAL_NOTE}\n${text}`;
    case "markdown":
      return `**${PARTIAL_NOTE}**\n\n${text}`;
    case "csv":
    case "hgrm":
    case "hlog":
      return `# ${PARTIAL_NOTE}\n${text}`;
    case "json": {
      // After `schema` (and `command`), where a reader looks first; the documents are 2-space indented.
      const { schema, command, ...rest } = JSON.parse(text) as Record<string, unknown>;
      return jsonText({ schema, ...(command === undefined ? {} : { command }), partial: true, ...rest });
    }
  }
}
