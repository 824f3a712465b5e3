/** Reads what HTML pages inline — uPlot's minified script and style sheet — from node_modules, for the renderers. */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { HtmlAssets } from "../render/html/page.js";

const require = createRequire(import.meta.url);

/** uPlot's IIFE build and CSS as text, and its version for the page's footer. */
export async function loadHtmlAssets(): Promise<HtmlAssets> {
  const [uplotScript, uplotStyles] = await Promise.all([
    readFile(require.resolve("uplot/dist/uPlot.iife.min.js"), "utf8"),
    readFile(require.resolve("uplot/dist/uPlot.min.css"), "utf8"),
  ]);
  const { version } = require("uplot/package.json") as { version: string };
  return { uplotScript, uplotStyles, library: `uPlot ${version}` };
}

/** `latstat <version>`, naming what made a file. */
export function generatorName(): string {
  return `latstat ${(require("../../package.json") as { version: string }).version}`;
}
