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
      return withComment(text, note);
    case "json":
      return jsonText(withPartial(JSON.parse(text) as { schema: unknown }));
  }
}

/**
 * A JSON document (as data) marked `partial: true`, after `schema` (and `command`) where a reader looks first: what
 * the CLI prints and the library returns for a result that covers only part of its inputs.
 */
export function withPartial<T extends { schema: unknown }>(document: T): T & { partial: true } {
  const { schema, command, ...rest } = document as T & { command?: unknown };
  return { schema, ...(command === undefined ? {} : { command }), partial: true, ...rest } as T & { partial: true };
}

/** `text` (CSV, hgrm or an interval log) with `note` as its first line: a `#` comment, which their readers skip. */
export function withComment(text: string, note: string): string {
  return `# ${note}\n${text}`;
}
