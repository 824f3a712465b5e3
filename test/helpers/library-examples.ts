/** The TypeScript examples of docs/library.md, each with the output the page shows after it (a ```text block). */
import { readFileSync } from "node:fs";
import path from "node:path";
import { codeBlocks } from "./doc-examples.js";
import { REPO_ROOT } from "./run-cli.js";

export const LIBRARY_PAGE = "docs/library.md";

export interface LibraryExample {
  /** The line of the opening fence. */
  line: number;
  code: string;
  output?: string;
}

export function libraryExamples(): LibraryExample[] {
  const blocks = codeBlocks(readFileSync(path.join(REPO_ROOT, LIBRARY_PAGE), "utf8"));
  return blocks.flatMap((block, i) => {
    if (block.info !== "ts") return [];
    const next = blocks[i + 1];
    return [{ line: block.line, code: block.text, ...(next?.info === "text" ? { output: next.text } : {}) }];
  });
}
