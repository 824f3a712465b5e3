/** The report output formats (`-o`), each one renderer. */
import type { ReportData } from "../analyses/report.js";
import { renderCsv } from "../render/csv.js";
import { renderJson } from "../render/json.js";
import { renderMarkdown } from "../render/markdown.js";
import { renderReportHgrm } from "../render/report-hgrm.js";
import { renderTable } from "../render/table.js";
import type { RenderOptions, ReportRenderer } from "../render/types.js";

const RENDERERS = {
  table: renderTable,
  json: renderJson,
  csv: renderCsv,
  markdown: renderMarkdown,
  hgrm: renderReportHgrm,
} satisfies Record<string, ReportRenderer>;

export type OutputFormat = keyof typeof RENDERERS;
export const OUTPUT_FORMATS = Object.keys(RENDERERS) as OutputFormat[];

export function renderReport(format: OutputFormat, report: ReportData, options: RenderOptions): string {
  return RENDERERS[format](report, options);
}
