/** The interface every report renderer implements: data in, text out, no I/O. */
import type { ReportData } from "../analyses/report.js";
import type { TimeUnit } from "../base/units.js";

export interface RenderOptions {
  /** Unit of printed latencies; undefined lets the renderer pick a readable one. */
  outUnit: TimeUnit | undefined;
  /** Histogram precision: printed values carry no more significant digits. */
  digits: number;
  /** ANSI colour allowed (stdout is a TTY and neither NO_COLOR nor --no-color is set). */
  color: boolean;
  /** Show each percentile's confidence interval (`--ci`); JSON always carries them. */
  ci?: boolean;
  /** Options of the `.hgrm` output. */
  hgrm?: {
    /** Percentile ticks per half distance (`--ticks`). */
    ticksPerHalfDistance: number;
    /** The reference's CSV variant (`--hgrm-csv`). */
    csv: boolean;
    /** The coordinated-omission corrected distribution instead of the raw one (`--corrected`). */
    corrected: boolean;
    /** Divide nanoseconds by this (`--unit-ratio`, Java's `-outputValueUnitRatio`) instead of by `outUnit`'s. */
    unitRatio?: number;
  };
}

export type ReportRenderer = (report: ReportData, options: RenderOptions) => string;
