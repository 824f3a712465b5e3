/**
 * A right-aligned text table in cli-table3's box characters without row separators, built in time linear in its
 * cells: cli-table3 lays out every row against every other (20,000 rows took 32 s, a million overflowed the
 * stack), and a time line at `--interval 1ms` has rows by the ten thousand.
 */

/** Visible width of a cell: ANSI colour codes take no room. */
function visibleWidth(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, "").length;
}

/** `header` (already styled) over `rows`, every cell right-aligned with one space either side. */
export function renderTextTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map(visibleWidth);
  for (const row of rows) for (let c = 0; c < row.length; c++) widths[c] = Math.max(widths[c] ?? 0, visibleWidth(row[c]!));
  const rule = (left: string, mid: string, right: string) => `${left}${widths.map((w) => "─".repeat(w + 2)).join(mid)}${right}`;
  const line = (cells: readonly string[]) => `│${widths.map((w, c) => ` ${" ".repeat(w - visibleWidth(cells[c] ?? ""))}${cells[c] ?? ""} `).join("│")}│`;
  const lines = [rule("┌", "┬", "┐"), line(header)];
  for (const row of rows) lines.push(line(row));
  lines.push(rule("└", "┴", "┘"));
  return lines.join("\n");
}
