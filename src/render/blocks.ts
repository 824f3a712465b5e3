/**
 * Report sections for people as blocks — sentences and small tables — laid out once as terminal text and once as
 * markdown, so that the table and markdown renderers say the same thing.
 */
import type { ChalkInstance } from "chalk";
import Table from "cli-table3";
import { escapeControls } from "../base/errors.js";

/** A sentence, or a small table whose first column is left-aligned and the others right-aligned. */
export type Block = { text: string } | { header: string[]; rows: string[][] };

/** Box drawing without a rule between every row. */
export const COMPACT_TABLE = { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" };

/** Blocks as terminal lines (control characters in them escaped); tables drawn by cli-table3. */
export function blocksAsText(blocks: readonly Block[], chalk: ChalkInstance): string[] {
  return blocks.map((block) => {
    if ("text" in block) return escapeControls(block.text);
    const table = new Table({
      head: block.header.map((h) => chalk.bold(escapeControls(h))),
      colAligns: block.header.map((_, i) => (i === 0 ? "left" : "right")),
      style: { head: [], border: [] },
      chars: COMPACT_TABLE,
    });
    for (const row of block.rows) table.push(row.map(escapeControls));
    return table.toString();
  });
}

/**
 * Text made plain in GitHub markdown: control characters escaped (a newline would end a table row), `&`, `<` and
 * `>` as entities (a label's raw HTML must not reach a pull-request comment), and what markdown would read as table
 * syntax, emphasis or code escaped with a backslash.
 */
export function markdownCell(text: string): string {
  return (
    escapeControls(text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      // Table cells, emphasis, code, and links and images (`![x](https://…)` would load from a label's choice).
      .replace(/[|*`[\]!]/g, "\\$&")
      // A mention (`@someone`) would notify that user where the report is posted: a word joiner keeps it text.
      .replace(/@(?=\w)/g, "@\u2060")
  );
}

/** Blocks as markdown paragraphs and tables, each followed by a blank line. */
export function blocksAsMarkdown(blocks: readonly Block[]): string[] {
  const line = (cells: string[]) => `| ${cells.map(markdownCell).join(" | ")} |`;
  return blocks.flatMap((block) => {
    if ("text" in block) return [markdownCell(block.text), ""];
    return [line(block.header), `|${block.header.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`, ...block.rows.map(line), ""];
  });
}
