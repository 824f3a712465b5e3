/**
 * The pictures `report`, `compare`, `check` and `timeline` write with --html and --svg: the data each charts,
 * rendered and written.
 */
import type { CheckData } from "../analyses/check.js";
import type { CompareData } from "../analyses/compare-report.js";
import type { RecordedInput, ReportData } from "../analyses/report.js";
import { compareSpectra, reportSpectra } from "../analyses/spectra.js";
import type { CorrectedFigures } from "../analyses/correction.js";
import { reportTimeline, type ReportTimes } from "../analyses/report-timeline.js";
import type { Spectrum } from "../analyses/spectrum.js";
import { withStatedMoments } from "../analyses/stated-moments.js";
import { DEFAULT_PERCENTILES, summarizeRecorder } from "../analyses/summary.js";
import type { TimelineData } from "../analyses/timeline.js";
import type { TrendData } from "../analyses/trend.js";
import type { SignificantDigits } from "../core/histogram.js";
import type { TimeUnit } from "../base/units.js";
import { partialInputsNote } from "../render/describe-input.js";
import { budgetBlocks } from "../render/html/budget-blocks.js";
import { renderCompareHtml } from "../render/html/compare-page.js";
import { renderReportHtml } from "../render/html/report-page.js";
import { renderTimelineHtml } from "../render/html/timeline-page.js";
import { renderTrendHtml } from "../render/html/trend-page.js";
import { spectrumChart } from "../render/spectrum-chart.js";
import { DEFAULT_SVG_SIZE, renderSvgChart } from "../render/svg-chart.js";
import { timelineChart, timelineYScale } from "../render/timeline-chart.js";
import type { RenderOptions } from "../render/types.js";
import { generatorName, loadHtmlAssets } from "./html-assets.js";
import { pictureTargets, writePictures, type Pictures } from "./picture-options.js";
import { say } from "./reading.js";

/** The spectrum chart as an SVG document, latency on a log scale, with `warnings` above it (PARTIAL notes). */
export function spectrumSvg(spectra: readonly Spectrum[], warnings: readonly string[] = []): string {
  return renderSvgChart({ ...spectrumChart(spectra, { yScale: "log", maxYTicks: 10 }), ...(warnings.length > 0 ? { warnings } : {}) }, DEFAULT_SVG_SIZE);
}

/** The PARTIAL note for a picture of `inputs` when some say they hold only part of their data, naming them. */
function partialPictureNotes(inputs: readonly RecordedInput[]): string[] {
  const partial = inputs.filter((input) => input.markedPartial === true).map((input) => input.name);
  return partial.length > 0 ? [partialInputsNote(partial)] : [];
}

/** The time chart of what the report read, for an HTML page, corrected as the report was; its notes told on stderr. */
function pageTimeline(pictures: Pictures, times: ReportTimes | undefined, digits: SignificantDigits, corrected: CorrectedFigures | undefined): TimelineData | undefined {
  if (pictures.html === undefined || times === undefined) return undefined;
  const { data, notes } = reportTimeline(times, digits, corrected);
  for (const note of notes) say(note);
  return data;
}

/** Writes `report --html/--svg`, when asked for; `times` is what the report read that has times, for the time chart. */
export async function writeReportPictures(pictures: Pictures, report: ReportData, inputs: readonly RecordedInput[], options: RenderOptions, times: ReportTimes | undefined): Promise<void> {
  if (pictureTargets(pictures).length === 0) return;
  const spectra = reportSpectra(report, inputs);
  const assets = pictures.html === undefined ? undefined : await loadHtmlAssets();
  const timeline = pageTimeline(pictures, times, report.recorder.digits, report.corrected);
  await writePictures(pictures, inputs.map((i) => i.name), {
    html: () => renderReportHtml(report, spectra, assets!, { ...options, color: false, generator: generatorName() }, { timeline }),
    svg: () => spectrumSvg(spectra, partialPictureNotes(inputs)),
  });
}

/** Writes `compare --html/--svg`, when asked for. */
export async function writeComparePictures(pictures: Pictures, data: CompareData, base: RecordedInput, candidates: readonly RecordedInput[], options: RenderOptions): Promise<void> {
  if (pictureTargets(pictures).length === 0) return;
  const spectra = compareSpectra(base, candidates, data.latencies, [data.base.withFailures, ...data.candidates.map((c) => c.side.withFailures)]);
  const assets = pictures.html === undefined ? undefined : await loadHtmlAssets();
  await writePictures(pictures, [base, ...candidates].map((i) => i.name), {
    html: () => renderCompareHtml(data, spectra, assets!, { ...options, color: false, generator: generatorName() }, partialPictureNotes([base, ...candidates])),
    svg: () => spectrumSvg(spectra, partialPictureNotes([base, ...candidates])),
  });
}

/** Writes `compare --trend --html`, when asked for (--svg is refused with --trend). */
export async function writeTrendPictures(pictures: Pictures, data: TrendData, inputs: readonly string[], options: RenderOptions): Promise<void> {
  if (pictures.html === undefined) return;
  const assets = await loadHtmlAssets();
  await writePictures(pictures, inputs, { html: () => renderTrendHtml(data, assets, { ...options, color: false, generator: generatorName() }) });
}

/** Writes `check --html/--svg`, when asked for: the report's page (default percentiles) with the budgets in it. */
export async function writeCheckPictures(pictures: Pictures, check: CheckData, inputs: readonly RecordedInput[], options: RenderOptions, times: ReportTimes | undefined): Promise<void> {
  if (pictureTargets(pictures).length === 0) return;
  // check summarises no percentiles of its own; the page shows the report's default ones.
  const { report } = check;
  const corrected = report.corrected && { ...report.corrected, summary: summarizeRecorder(report.corrected.recorder, DEFAULT_PERCENTILES) };
  const shown: ReportData = { ...report, total: withStatedMoments(summarizeRecorder(report.recorder, DEFAULT_PERCENTILES), inputs), corrected };
  const spectra = reportSpectra(shown, inputs);
  const assets = pictures.html === undefined ? undefined : await loadHtmlAssets();
  const budgets = budgetBlocks(check.verdict, { outUnit: options.outUnit, digits: options.digits });
  const timeline = pageTimeline(pictures, times, report.recorder.digits, report.corrected);
  await writePictures(pictures, inputs.map((i) => i.name), {
    html: () => renderReportHtml(shown, spectra, assets!, { ...options, color: false, generator: generatorName(), command: "check" }, { budgets, timeline }),
    svg: () => spectrumSvg(spectra, partialPictureNotes(inputs)),
  });
}

/** Writes `timeline --html/--svg`, when asked for; the SVG on the latency scale that reads best. */
export async function writeTimelinePictures(pictures: Pictures, data: TimelineData, inputs: readonly string[], options: { outUnit: TimeUnit | undefined; digits: number }): Promise<void> {
  if (pictureTargets(pictures).length === 0) return;
  const assets = pictures.html === undefined ? undefined : await loadHtmlAssets();
  await writePictures(pictures, inputs, {
    html: () => renderTimelineHtml(data, assets!, { ...options, files: [...inputs], generator: generatorName() }),
    svg: () => renderSvgChart(timelineChart(data, { yScale: timelineYScale(data), maxYTicks: 10, maxXTicks: 10 }), DEFAULT_SVG_SIZE),
  });
}
