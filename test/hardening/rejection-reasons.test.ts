/**
 * The documented list of reasons a line is rejected (docs/errors.md) is the code's: every reason a decoder or the
 * reader can give is documented, and nothing documented is gone. A new decoder with a new reason fails here until
 * the page says what it means.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/run-cli.js";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith(".ts") ? [full] : [];
  });
}

/**
 * Reason literals in the code that reads input lines (decoders, the reader, units): `reject("…")`, the branches
 * of `reject(cond ? "…" : "…")`, `reject(\`…${x}…\`)` with each `${…}` shown as `…`, `reason: "…"` and the members
 * of the RejectReason type. (src/hlog's reasons reach users once an hlog format reads through it.)
 */
function reasonsInCode(): Set<string> {
  const reasons = new Set<string>();
  const files = ["base", "core", "sources", "formats", "ingest"].flatMap((dir) => sources(path.join(REPO_ROOT, "src", dir)));
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const line of text.split("\n")) {
      const call = line.indexOf("reject(");
      if (call < 0) continue;
      const argument = line.slice(call + "reject(".length);
      for (const m of argument.matchAll(/(?:^|\? |: )"([^"]+)"/g)) reasons.add(m[1]!);
      for (const m of argument.matchAll(/^`([^`]+)`/g)) reasons.add(m[1]!.replace(/\$\{[^}]*\}/g, "…"));
    }
    for (const m of text.matchAll(/\breason: "([^"]+)"/g)) reasons.add(m[1]!);
    for (const m of text.matchAll(/export const OTHER_REASONS = "([^"]+)"/g)) reasons.add(m[1]!);
    const union = /export type RejectReason =([^;]+);/.exec(text);
    if (union) for (const m of union[1]!.matchAll(/"([^"]+)"/g)) reasons.add(m[1]!);
  }
  return reasons;
}

/** Reasons in the first column of docs/errors.md's table of rejected-line reasons. */
function reasonsInDocs(): Set<string> {
  const page = readFileSync(path.join(REPO_ROOT, "docs", "errors.md"), "utf8");
  const start = page.indexOf("\n| reason |");
  expect(start, "docs/errors.md has a table whose first column is headed `reason`").toBeGreaterThan(0);
  const table = page.slice(start + 1, page.indexOf("\n\n", start));
  // The first cell of each row: one or more reasons, each in backticks.
  const firstCells = [...table.matchAll(/^\| ([^|]+) \|/gm)].map((m) => m[1]!);
  return new Set(firstCells.flatMap((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)));
}

describe("docs/errors.md: Errors and exit codes", () => {
  it("lists every reason a line can be rejected for, and no other", () => {
    const code = reasonsInCode();
    const documented = reasonsInDocs();
    expect(code.size).toBeGreaterThan(10);
    expect([...code].filter((r) => !documented.has(r)), "reasons in src/ missing from the docs/errors.md table").toEqual([]);
    expect([...documented].filter((r) => !code.has(r)), "reasons in the docs/errors.md table no longer in src/").toEqual([]);
  });
});
