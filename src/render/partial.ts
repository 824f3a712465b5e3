/**
 * How an output of an interrupted run (Ctrl-C while reading) says it is partial, in each text format: the note as
 * the first line of a table or chart, in bold in markdown, as a `#` comment in CSV, hgrm and hlog (which their
 * readers skip), and `"partial": true` in JSON. The report's own renderers mark their table, markdown and JSON.
 */
import { PARTIAL_NOTE } from "./describe-input.js";
import { jsonText } from "./json-text.js";

export type PartialFormat = "text" | "markdown" | "csv" | "hgrm" | "hlog" | "json";

/**
 * `text` (an output in `format`) marked as covering only what was read before Ctrl-C, or as `note` says (inputs
 * that hold only part of their data).
 */
export function markPartial(format: PartialFormat, text: string, note = PARTIAL_NOTE): string {
  switch (format) {
    case "text":
      return `${note}\n${text}`;
    case "markdown":
      return `**${note}**\n\n${text}`;
    case "csv":
    case "hgrm":
    case "hlog":
      return `# ${note}\n${text}`;
    case "json": {
      // After `schema` (and `command`), where a reader looks first; the documents are 2-space indented.
      const { schema, command, ...rest } = JSON.parse(text) as Record<string, unknown>;
      return jsonText({ schema, ...(command === undefined ? {} : { command }), partial: true, ...rest });
    }
  }
}
