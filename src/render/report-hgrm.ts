/**
 * The report as HdrHistogram's `.hgrm` percentile distribution, of the raw or the corrected histogram. For interval
 * logs the header lines HistogramLogProcessor writes into its `.hgrm` file come first, so the output is
 * byte-identical to that file.
 */
import { NS_PER_UNIT } from "../base/units.js";
import { renderHgrm } from "./hgrm.js";
import { hlogHeaderLines } from "./hlog-headers.js";
import type { ReportRenderer } from "./types.js";

export const renderReportHgrm: ReportRenderer = (report, options) => {
  const hgrm = options.hgrm ?? { ticksPerHalfDistance: 5, csv: false, corrected: false };
  const recorder = hgrm.corrected ? report.corrected?.recorder : report.recorder;
  if (recorder === undefined) throw new Error("the corrected .hgrm needs corrected figures");
  const distribution = renderHgrm(recorder.histogram(), {
    ticksPerHalfDistance: hgrm.ticksPerHalfDistance,
    // Values are nanoseconds; the reference's ratio turns them into the output unit (ms unless --out-unit).
    outputValueUnitScalingRatio: hgrm.unitRatio ?? NS_PER_UNIT[options.outUnit ?? "ms"],
    csv: hgrm.csv,
    // The summary's: the histogram's own, or, where inputs state theirs (an .hgrm footer), those.
    ...(hgrm.corrected || report.total.count === 0 ? {} : { moments: report.total }),
  });
  return report.hlog === undefined ? distribution : hlogHeaderLines("Overall percentile distribution", report.hlog) + distribution;
};
