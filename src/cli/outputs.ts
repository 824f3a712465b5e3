/** The report output formats (`-o`), each one renderer. */
import type { ReportData } from "../analyses/report.js";
import { renderCsv } from "../render/csv.js";
import { renderJson } from "../render/json.js";
import { renderMarkdown } from "../render/markdown.js";
import { renderTable } from "../render/table.js";
import type { RenderOptions, ReportRenderer } from "../render/types.js";

const RENDERERS = {
  table: renderTable,
  json: renderJson,
  csv: renderCsv,
  markdown: renderMarkdown,
} satisfies Record<string, ReportRenderer>;

export type OutputFormat = keyof typeof RENDERERS;
export const OUTPUT_FORMATS = Object.keys(RENDERERS) as OutputFormat[];

export interface OutputOptions extends RenderOptions {
  ticksPerHalfDistance: number;
  hgrmCsv: boolean;
  hgrmCorrected: boolean;
}

export function renderReport(format: OutputFormat, report: ReportData, options: OutputOptions): string {
  return RENDERERS[format](report, options);
}
