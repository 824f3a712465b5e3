/**
 * Text from the input — group values, file names, hlog tags, budget expressions — reaches terminals, CI logs,
 * spreadsheets, browsers and pull-request comments. Whatever it holds, no output carries a raw control
 * character (an escape sequence would drive the terminal; a newline would add a fake row).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

/** C0 controls but newline and tab, DEL and the C1 controls, and the bidirectional controls. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Pieces a hostile label is made of. */
const PIECE = fc.oneof(
  fc.constantFrom("\x1b[31m", "\x1b]0;pwned\x07", "\n", "\r", "\t", "\x00", "\x01", "\x7f", "\u0085", "\u2028", "\u202e", "\u2066", "=", "+", "-", "@", "<img src=x onerror=alert(1)>", "&amp;", "|", '"', ",", "'", "*"),
  fc.string({ maxLength: 4 }),
);
const LABEL = fc.array(PIECE, { minLength: 1, maxLength: 5 }).map((pieces) => pieces.join(""));

const START_S = 1_700_000_000;

/** A JSON-lines log of 40 requests over 20 s in two groups. */
function jsonl(groups: [string, string]): string {
  return Array.from({ length: 40 }, (_, i) => JSON.stringify({ ts: START_S + i / 2, latency_ms: 1 + (i % 13), ep: groups[i % 2] }) + "\n").join("");
}

interface Output {
  what: string;
  text: string;
}

/** Every output of every command on `file` (with groups from the `ep` field), and every file they wrote. */
async function outputs(dir: string, file: string, other: string, label: string): Promise<Output[]> {
  const runs: [string, string[], string[]][] = [
    ["check json budget naming a group", ["check", file, "--group-by", "ep", "--budget", `ep=${label}: p50 < 1s`, "--json"], []],
    ["check step summary", ["check", file, "--group-by", "ep", "--budget", `ep=${label}: p50 < 1s`, "--budget", "p50 < 1ms"], ["summary.md"]],
    ["check config", ["check", file], []],
    ["report table", ["report", file, "--group-by", "ep", "--per-file"], []],
    ["report markdown", ["report", file, "--group-by", "ep", "-o", "markdown"], []],
    ["report csv", ["report", file, "--group-by", "ep", "-o", "csv"], []],
    ["report json", ["report", file, "--group-by", "ep", "-o", "json"], []],
    ["report misery", ["report", file, "--group-by", "ep", "--threshold", "5ms", "--session", "ep"], []],
    ["report misery markdown", ["report", file, "--group-by", "ep", "--threshold", "5ms", "--session", "ep", "-o", "markdown"], []],
    ["report hgrm", ["report", file, "-o", "hgrm"], []],
    ["report html svg", ["report", file, "--group-by", "ep", "--html", "r.html", "--svg", "r.svg"], ["r.html", "r.svg"]],
    ["check", ["check", file, "--group-by", "ep", "--budget", "p50 < 1ms", "--junit", "j.xml"], ["j.xml"]],
    ["check json", ["check", file, "--group-by", "ep", "--budget", "p50 < 1s", "--json"], []],
    ["check annotations", ["check", file, "--budget", "p50 < 1ms"], []],
    ["compare", ["compare", file, other], []],
    ["compare markdown", ["compare", file, other, "-o", "markdown"], []],
    ["compare groups", ["compare", file, file, "--group-by", "ep", "--fail-if", "p50 > -100%"], []],
    ["compare groups markdown", ["compare", file, file, "--group-by", "ep", "-o", "markdown"], []],
    ["compare trend", ["compare", "--trend", other, file], []],
    ["compare trend markdown", ["compare", "--trend", other, file, "-o", "markdown"], []],
    ["timeline", ["timeline", file, "--interval", "5s"], []],
    ["timeline csv", ["timeline", file, "--interval", "5s", "-o", "csv"], []],
    ["plot", ["plot", file, other, "--svg", "p.svg"], ["p.svg"]],
    ["convert", ["convert", file, "--group-by", "ep", "--interval", "5s"], []],
    ["no such file", ["report", `${file}.missing`], []],
  ];
  const results: Output[] = [];
  for (const [what, args, files] of runs) {
    if (what === "check config") writeFileSync(path.join(dir, "latstat.config.json"), JSON.stringify({ budgets: ["p50 < 1s", `p99 < 1ms ${label}`] }));
    const env = what === "check annotations" ? { GITHUB_ACTIONS: "true" } : what === "check step summary" ? { GITHUB_STEP_SUMMARY: path.join(dir, "summary.md") } : {};
    const result = await runCli(args, { cwd: dir, env });
    if (what === "check config") rmSync(path.join(dir, "latstat.config.json"));
    results.push({ what: `${what} stdout`, text: result.stdout }, { what: `${what} stderr`, text: result.stderr });
    for (const written of files.filter((f) => existsSync(path.join(dir, f)) || what !== "check step summary")) results.push({ what: `${what} ${written}`, text: readFileSync(path.join(dir, written), "utf8") });
    if (what === "convert") {
      writeFileSync(path.join(dir, "c.hlog"), result.stdout);
      for (const hlogArgs of [["--list-tags"], ["--all-tags"], ["--all-tags", "-o", "hgrm"]]) {
        const again = await runCli(["report", "c.hlog", ...hlogArgs], { cwd: dir });
        expect(again.code, `${hlogArgs.join(" ")} on latstat's own hlog: ${again.stderr}`).toBe(0);
        results.push({ what: `hlog ${hlogArgs.join(" ")} stdout`, text: again.stdout }, { what: `hlog ${hlogArgs.join(" ")} stderr`, text: again.stderr });
      }
    }
  }
  return results;
}

const lineCount = (text: string) => text.split("\n").length;

describe("no control character from the input reaches an output", () => {
  it("every text renderer and message, whatever the group values and the file name hold", async () => {
    const safeDir = mkdtempSync(path.join(tmpdir(), "latstat-safe-"));
    writeFileSync(path.join(safeDir, "safe.jsonl"), jsonl(["g1", "g2"]));
    writeFileSync(path.join(safeDir, "other.jsonl"), jsonl(["a", "b"]));
    const safe = await outputs(safeDir, "safe.jsonl", "other.jsonl", "g1");
    await fc.assert(
      fc.asyncProperty(LABEL, LABEL, fc.string({ maxLength: 6 }).map((s) => s.replace(/[/\0]/g, "")), async (first, second, nameJunk) => {
        fc.pre(first.trim() !== "" && second.trim() !== "" && first !== second);
        const dir = mkdtempSync(path.join(tmpdir(), "latstat-hostile-"));
        const file = `log\x1b[2J\n${nameJunk}\x07.jsonl`;
        writeFileSync(path.join(dir, file), jsonl([first, second]));
        writeFileSync(path.join(dir, "other.jsonl"), jsonl(["a", "b"]));
        const hostile = await outputs(dir, file, "other.jsonl", first);
        const safeText = new Map(safe.map((o) => [o.what, o.text]));
        for (const output of hostile) {
          expect(output.text, output.what).not.toMatch(FORBIDDEN);
          // A newline in a label adds no row: as many lines as with plain labels.
          if (output.what.endsWith("stdout") && !output.what.includes("json") && output.text !== "") expect(lineCount(output.text), output.what).toBe(lineCount(safeText.get(output.what)!));
          // An error is one line, whatever the file name holds.
          if (output.what === "no such file stderr") expect(output.text.trimEnd().split("\n"), output.text).toHaveLength(1);
          // JSON escapes them its own way (\u007f, not \u{7f}): it parses, and gives the group values back as they were.
          if (output.what.endsWith("json stdout")) expect(() => JSON.parse(output.text), output.what).not.toThrow();
          if (output.what === "report json stdout") expect(JSON.stringify(JSON.parse(output.text))).toContain(JSON.stringify(first).slice(1, -1));
        }
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});

describe("each output's own rule", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "latstat-hostile-rules-"));
  const groups: [string, string] = ["=HYPERLINK(\"http://x\")", "<img src=x onerror=alert(1)>&"];
  writeFileSync(path.join(dir, "g.jsonl"), jsonl(groups));

  it("CSV: a cell a spreadsheet would run as a formula starts with ', numbers do not", async () => {
    const { csvField } = await import("../../src/render/csv-field.js");
    expect(["=1+1", "+cmd|x", "-cmd", "@SUM(A1)", "\tx", "\rx"].map(csvField)).toEqual(["'=1+1", "'+cmd|x", "'-cmd", "'@SUM(A1)", "'\\tx", "'\\rx"]);
    expect(["-5", "+3.5", "-1e-3", "12", "a=b", "x,y", 'say "hi"'].map(csvField)).toEqual(["-5", "+3.5", "-1e-3", "12", "a=b", '"x,y"', '"say ""hi"""']);
    const result = await runCli(["report", "g.jsonl", "--group-by", "ep", "-o", "csv"], { cwd: dir });
    expect(result.stdout).toContain(`"'=HYPERLINK(""http://x"")",20,`);
  });

  it("markdown: an image, a link and a mention in a label arrive as text (no request to a label's URL, no user notified)", async () => {
    const { markdownCell } = await import("../../src/render/blocks.js");
    expect(markdownCell("![x](https://evil.example/p.png)")).toBe("\\!\\[x\\](https://evil.example/p.png)");
    expect(markdownCell("[click](https://evil.example)")).toBe("\\[click\\](https://evil.example)");
    expect(markdownCell("ping @someone, mail a@b")).toBe("ping @\u2060someone, mail a@\u2060b");
    expect(markdownCell("p99 @ 5 ms")).toBe("p99 @ 5 ms");
  });

  it("markdown: raw HTML in a label arrives as text", async () => {
    const result = await runCli(["report", "g.jsonl", "--group-by", "ep", "-o", "markdown"], { cwd: dir });
    expect(result.stdout).toContain("| &lt;img src=x onerror=alert(1)&gt;&amp; | 20 |");
    expect(result.stdout).not.toContain("<img");
  });

  it("SVG: a file name with \\x01 and \\uFFFE still makes well-formed XML", async () => {
    const name = "a\x01b\uFFFE.jsonl";
    writeFileSync(path.join(dir, name), jsonl(["x", "y"]));
    const result = await runCli(["plot", name, "--svg", "p.svg"], { cwd: dir });
    expect(result.code).toBe(0);
    const svg = readFileSync(path.join(dir, "p.svg"), "utf8");
    expect(svg).toContain("a\\u{1}b\uFFFD.jsonl");
    expect(svg).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\uFFFE\uFFFF]/);
  });

  it("hlog: a group value with NUL, ESC, newline, comma and spaces becomes a tag latstat reads back", async () => {
    const hostileDir = mkdtempSync(path.join(tmpdir(), "latstat-hostile-tags-"));
    writeFileSync(path.join(hostileDir, "t.jsonl"), jsonl(["a\x00b\x1b[31m c,d\ne", "plain"]));
    const converted = await runCli(["convert", "t.jsonl", "--group-by", "ep", "--interval", "5s"], { cwd: hostileDir });
    expect(converted.code).toBe(0);
    // Renamed, with the FNV-1a hash of the value (a26dcd37), so the same value is the same tag in every file.
    expect(converted.stdout).toContain("Tag=a_b_[31m_c_d_e~a26dcd37,");
    expect(converted.stderr).toContain('interval log tags hold no spaces, commas or control characters: writing "a\\u{0}b\\e[31m c,d\\ne" as a_b_[31m_c_d_e~a26dcd37');
    writeFileSync(path.join(hostileDir, "t.hlog"), converted.stdout);
    const tags = await runCli(["report", "t.hlog", "--list-tags"], { cwd: hostileDir });
    expect(tags.stdout).toBe("a_b_[31m_c_d_e~a26dcd37\nplain\n");
    const one = await runCli(["report", "t.hlog", "--tag", "a_b_[31m_c_d_e~a26dcd37", "-o", "json"], { cwd: hostileDir });
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout).raw.count).toBe(20);
  });

  it("hlog: two groups whose tags would be one (GET /a and GET_/a; values apart only in control characters) stay two", async () => {
    const hostileDir = mkdtempSync(path.join(tmpdir(), "latstat-hostile-tags-"));
    for (const [file, groups, tags] of [
      ["spaces.jsonl", ["GET /a", "GET_/a"], "GET_/a~bf97e35d\nGET_/a\n"],
      ["controls.jsonl", ["\x1b]0;pwned\x07\x01", "\x1b]0;pwned\x07"], "_]0;pwned_~03abd710\n_]0;pwned_~3beb76b1\n"],
    ] as const) {
      writeFileSync(path.join(hostileDir, file), jsonl([...groups]));
      const converted = await runCli(["convert", file, "--group-by", "ep", "--interval", "5s"], { cwd: hostileDir });
      expect(converted.code).toBe(0);
      writeFileSync(path.join(hostileDir, "t.hlog"), converted.stdout);
      const listed = await runCli(["report", "t.hlog", "--list-tags"], { cwd: hostileDir });
      expect([...listed.stdout.split("\n")].sort().join("\n")).toBe([...tags.split("\n")].sort().join("\n"));
      for (const tag of tags.trimEnd().split("\n")) {
        const one = await runCli(["report", "t.hlog", "--tag", tag, "-o", "json"], { cwd: hostileDir });
        expect(JSON.parse(one.stdout).raw.count, tag).toBe(20);
      }
    }
  });

  it("messages: a colour sequence in a budget's group value is escaped on stderr, as every other control is", async () => {
    const colourDir = mkdtempSync(path.join(tmpdir(), "latstat-hostile-colour-"));
    writeFileSync(path.join(colourDir, "g.jsonl"), jsonl(["\x1b[31m\n", "@"]));
    const result = await runCli(["check", "g.jsonl", "--group-by", "ep", "--budget", "ep=\x1b[31mX: p50 < 1s"], { cwd: colourDir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('latstat: budget "ep=\\e[31mX: p50 < 1s": no request has ep "\\e[31mX" (closest: "\\e[31m\\n", "@")\n');
    expect(result.stderr).not.toMatch(/\x1b/);
  });

  it("messages: a budget from latstat.config.json cannot drive the terminal, and its caret stays under its character", async () => {
    const configDir = mkdtempSync(path.join(tmpdir(), "latstat-hostile-config-"));
    writeFileSync(path.join(configDir, "g.jsonl"), jsonl(["a", "b"]));
    writeFileSync(path.join(configDir, "latstat.config.json"), JSON.stringify({ budgets: ["p99 < 1ms\x1b]0;pwned\x07 x"] }));
    const result = await runCli(["check", "g.jsonl"], { cwd: configDir });
    expect(result.code).toBe(2);
    const [message, caret] = result.stderr.split("\n");
    expect(message).toBe('latstat: latstat.config.json: budgets[0] "p99 < 1ms\uFFFD]0;pwned\uFFFD x": unexpected "\\e" at column 10 (expected "," or the end of the budget)');
    expect(caret!.indexOf("^")).toBe(message!.indexOf("\uFFFD"));
  });

  it("escapeControls names ESC \\e and the layout characters, and writes the others as code points", async () => {
    const { escapeControls } = await import("../../src/base/errors.js");
    expect(escapeControls("a\x1b[31m\x07\n\r\t\u0085\u2028b")).toBe("a\\e[31m\\u{7}\\n\\r\\t\\u{85}\\u{2028}b");
  });

  it("escapeControls writes the bidirectional controls as code points, so a value cannot reorder what is shown", async () => {
    const { escapeControls, escapeStrayControls } = await import("../../src/base/errors.js");
    // Trojan Source: an override that shows "/admin" as "nimda/"; the marks, embeddings and isolates likewise.
    const bidi = "\u202e/admin\u202c \u061c\u200e\u200f\u202a\u202b\u202d\u2066\u2067\u2068\u2069";
    expect(escapeControls(bidi)).toBe("\\u{202e}/admin\\u{202c} \\u{61c}\\u{200e}\\u{200f}\\u{202a}\\u{202b}\\u{202d}\\u{2066}\\u{2067}\\u{2068}\\u{2069}");
    expect(escapeStrayControls(`ok\n${bidi}`)).toBe(`ok\n${escapeControls(bidi)}`);
    // Letters of right-to-left scripts are text, not controls.
    expect(escapeControls("שלום مرحبا")).toBe("שלום مرحبا");
    // In JSON they are escaped the JSON way, so the document parses and gives the value back.
    const bidiDir = mkdtempSync(path.join(tmpdir(), "latstat-bidi-"));
    writeFileSync(path.join(bidiDir, "g.jsonl"), jsonl(["a\u202eb", "c"]));
    const json = await runCli(["report", "g.jsonl", "--group-by", "ep", "--json"], { cwd: bidiDir });
    expect(json.stdout).toContain('"a\\u202eb"');
    expect(JSON.parse(json.stdout).groups.map((g: { name: string }) => g.name).sort()).toEqual(["a\u202eb", "c"]);
  });
});

describe("long group values", () => {
  it("are cut to 256 characters, with a notice: 12 values of 1 MB make a small report", async () => {
    const { MAX_GROUP_VALUE_LENGTH } = await import("../../src/core/group-key.js");
    expect(MAX_GROUP_VALUE_LENGTH).toBe(256);
    const big = (i: number) => `${String.fromCharCode(97 + (i % 26))}${i}`.padEnd((1 << 20) - 200, "x");
    const lines = Array.from({ length: 24 }, (_, i) => JSON.stringify({ latency_ms: i + 1, ep: big(i % 12) })).join("\n");
    const result = await runCli(["report", "-f", "jsonl", "--group-by", "ep", "--json"], { stdin: lines });
    expect(result.code).toBe(0);
    expect(result.stdout.length).toBeLessThan(200_000);
    const groups = JSON.parse(result.stdout).groups as { name: string }[];
    expect(groups).toHaveLength(12);
    for (const g of groups) {
      expect(g.name).toHaveLength(256);
      expect(g.name).toMatch(/^[a-z]\d+x+…$/);
    }
    expect(result.stderr).toContain("latstat: 24 group values longer than 256 characters were cut to that length (they end in …); values that differ only after it are one group\n");
  });

  it("a cut never splits a surrogate pair", async () => {
    const { cutGroupValue } = await import("../../src/core/group-key.js");
    const value = "a".repeat(254) + "😀" + "b";
    const cut = cutGroupValue(value);
    expect(cut).toBe("a".repeat(254) + "…");
    expect(cutGroupValue("a".repeat(300))).toBe("a".repeat(255) + "…");
  });
});
