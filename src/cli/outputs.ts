/**
 * The report output formats (`-o`), each one renderer, loaded only when chosen: a report needs one of the five,
 * and loading the others (the hgrm writer brings Java's number and date formats) is start-up time.
 */
import type { ReportData } from "../analyses/report.js";
import type { RenderOptions, ReportRenderer } from "../render/types.js";

const RENDERERS = {
  table: async () => (await import("../render/table.js")).renderTable,
  json: async () => (await import("../render/json.js")).renderJson,
  csv: async () => (await import("../render/csv.js")).renderCsv,
  markdown: async () => (await import("../render/markdown.js")).renderMarkdown,
  hgrm: async () => (await import("../render/report-hgrm.js")).renderReportHgrm,
} satisfies Record<string, () => Promise<ReportRenderer>>;

export type OutputFormat = keyof typeof RENDERERS;
export const OUTPUT_FORMATS = Object.keys(RENDERERS) as OutputFormat[];

export async function renderReport(format: OutputFormat, report: ReportData, options: RenderOptions): Promise<string> {
  return (await RENDERERS[format]())(report, options);
}
