/**
 * Every shell example of README.md and docs/*.md runs, against the bundled fixtures, and prints what the page
 * shows. The convention a page follows is in test/helpers/doc-examples.ts (and, for writers, docs/README.md).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { codeBlocks, documentationPages, examplesIn, makeScratch, fillEllipses, normalizeOutput, runExample } from "../helpers/doc-examples.js";
import { REPO_ROOT } from "../helpers/run-cli.js";

const pages = documentationPages();

/** Lines each page has grown by through the rewrites so far: the examples' line numbers are those read before. */
const grown = new Map<string, number>();

/** Replaces the output block after the sh block at `line` of `page` (as first read) with `text`. */
function rewriteOutput(page: string, line: number, text: string): void {
  const file = path.join(REPO_ROOT, page);
  const markdown = readFileSync(file, "utf8");
  const blocks = codeBlocks(markdown);
  const shift = grown.get(page) ?? 0;
  const output = blocks[blocks.findIndex((b) => b.line === line + shift) + 1]!;
  const lines = markdown.split("\n");
  const replacement = text.replace(/\n$/, "").split("\n");
  const removed = output.endLine - output.line - 1;
  lines.splice(output.line, removed, ...replacement);
  grown.set(page, shift + replacement.length - removed);
  writeFileSync(file, lines.join("\n"));
}

const pagesWithExamples = pages.filter((page) => examplesIn(page).length > 0);

describe.each(pagesWithExamples)("%s", (page) => {
  const examples = examplesIn(page);
  let scratch: ReturnType<typeof makeScratch>;
  beforeAll(() => {
    scratch = makeScratch();
  });

  for (const example of examples) {
    const name = `line ${example.line}: ${example.commands.split("\n")[0]}`;
    if (example.skip !== undefined) {
      it.skip(`${name} (${example.skip})`, () => {});
      continue;
    }
    it(name, async () => {
      const run = await runExample(example, scratch);
      const context = `${page}:${example.line}\n--- stderr:\n${run.stderr}`;
      if (example.output !== undefined) {
        const actual = normalizeOutput(run.stdout, scratch.dir);
        const expected = fillEllipses(normalizeOutput(example.output, scratch.dir), actual);
        // UPDATE_DOC_EXAMPLES=1 rewrites a shown output that differs (unless it elides lines with `…`): for a change
        // of behaviour that is meant; read the diff before committing it.
        if (process.env.UPDATE_DOC_EXAMPLES === "1" && actual !== expected && !/^…$/m.test(example.output)) rewriteOutput(page, example.line, actual);
        else expect(actual, context).toBe(expected);
      }
      expect(run.status, context).toBe(example.exit);
      for (const file of example.writes) {
        expect(readFileSync(path.join(scratch.dir, file), "utf8"), `${file}, as the example writes it`).toBe(readFileSync(path.join(REPO_ROOT, file), "utf8"));
      }
    }, 120_000);
  }
});

describe("the documentation's conventions", () => {
  it.each(pages)("%s: every shown command runs (it is in an sh block) and no sh block shows a prompt", (page) => {
    const blocks = codeBlocks(readFileSync(path.join(REPO_ROOT, page), "utf8"));
    for (const block of blocks) {
      const where = `${page}:${block.line}`;
      if (block.info === "sh") expect(block.text, `${where}: write commands without a "$ " prompt`).not.toMatch(/^\$ /m);
      else if (block.info !== "yaml") expect(block.text, `${where}: a latstat command outside an sh block is never run`).not.toMatch(/^\s*(\$ )?(latstat|npx latstat) /m);
    }
    for (const example of examplesIn(page)) {
      if (example.skip !== undefined) expect(example.output, `${page}:${example.line}: a skipped example cannot show output`).toBeUndefined();
    }
  });

  it.each(pages)("%s: every relative link leads to a file of the repository", (page) => {
    const text = readFileSync(path.join(REPO_ROOT, page), "utf8");
    const targets = [...text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/.test(t));
    for (const target of targets) {
      const file = path.normalize(path.join(path.dirname(page), target));
      expect(existsSync(path.join(REPO_ROOT, file)), `${page} links to ${target}`).toBe(true);
    }
  });

  it.each(pages)("%s: points at nothing a reader of the repository cannot see", (page) => {
    const text = readFileSync(path.join(REPO_ROOT, page), "utf8");
    expect(text).not.toMatch(/\.\.\/shared\/|DESIGN\.md/);
    expect(text, "the project's issue tracker is not part of the repository").not.toMatch(/\bissues? \d+\b/i);
  });

  it("keeps README.md a front page of at most 15 KB", () => {
    expect(readFileSync(path.join(REPO_ROOT, "README.md")).length).toBeLessThanOrEqual(15 * 1024);
  });
});
