/**
 * The time line's table, laid out in linear time, looks exactly as cli-table3 lays out the same cells (the oracle:
 * the library it replaces for large tables), and a million-window sparkline does not overflow the stack.
 */
import Table from "cli-table3";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sparkline } from "../../src/render/sparkline.js";
import { renderTextTable } from "../../src/render/text-table.js";

const COMPACT = { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" };

function cliTable3(header: string[], rows: string[][]): string {
  const table = new Table({ head: header, colAligns: header.map(() => "right"), style: { head: [], border: [] }, chars: COMPACT });
  for (const row of rows) table.push(row);
  return table.toString();
}

const cell = fc.stringMatching(/^[0-9a-z.() -]{0,12}$/);

describe("renderTextTable", () => {
  it("matches cli-table3 with right-aligned cells and no row separators", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((columns) => fc.tuple(fc.array(cell, { minLength: columns, maxLength: columns }), fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { maxLength: 8 }))),
        ([header, rows]) => {
          expect(renderTextTable(header, rows)).toBe(cliTable3(header, rows));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("measures a bold header by what shows", () => {
    const bold = (text: string) => `\u001b[1m${text}\u001b[22m`;
    expect(renderTextTable([bold("p99")], [["12.5"]]).replace(/\u001b\[\d+m/g, "")).toBe(cliTable3(["p99"], [["12.5"]]));
  });

  it("renders a time line's 1,000,000 rows", () => {
    const rows = Array.from({ length: 1_000_000 }, (_, i) => [`${i}`]);
    const text = renderTextTable(["start"], rows);
    expect(text.split("\n")).toHaveLength(1_000_003);
    expect(sparkline(Array.from({ length: 1_000_000 }, (_, i) => i % 8))).toHaveLength(1_000_000);
  });
});
