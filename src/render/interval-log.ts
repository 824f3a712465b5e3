/**
 * HistogramLogProcessor's interval log (the file its `-o NAME` writes), byte for byte:
 *
 *   #[Interval percentile log between 0.000 and <Infinite> seconds (relative to StartTime)]
 *   #[StartTime: 1441812279.474 (seconds since epoch), Wed Sep 09 15:24:39 UTC 2015]
 *   Time: IntervalPercentiles:count ( 50% 90% Max ) TotalPercentiles:count ( 50% 90% 99% 99.9% 99.99% Max )
 *   1.134: I:741 (   0.344   0.377   2.769 ) T:741 (   0.344   0.377   0.410   2.769   2.769   2.769 )
 *
 * rows "%4.3f: I:%d ( %7.3f %7.3f %7.3f ) T:%d ( %7.3f × 6 )"; or, with `-csv`, the legend
 * `"Timestamp","Int_Count","Int_50%",…,"Total_Max"` and rows "%.3f,%d,%.3f,…". Values are divided by the unit
 * ratio (`-outputValueUnitRatio`, 10^6 for milliseconds by default).
 */
import type { IntervalRow, RowFigures } from "../analyses/interval-rows.js";
import type { HlogRange } from "../analyses/report.js";
import { hlogHeaderLines } from "./hlog-headers.js";
import { formatJavaFixed as fixed } from "./java-format.js";

/** How to print the interval log. */
export interface IntervalLogOptions {
  csv: boolean;
  /** Values are divided by this. */
  unitRatio: number;
  range: HlogRange;
}

const TEXT_LEGEND = "Time: IntervalPercentiles:count ( 50% 90% Max ) TotalPercentiles:count ( 50% 90% 99% 99.9% 99.99% Max )";
const CSV_LEGEND = `"Timestamp","Int_Count","Int_50%","Int_90%","Int_Max","Total_Count","Total_50%","Total_90%","Total_99%","Total_99.9%","Total_99.99%","Total_Max"`;

/** The interval log of `rows`. */
export function renderIntervalLog(rows: readonly IntervalRow[], options: IntervalLogOptions): string {
  const { csv, unitRatio } = options;
  const values = (figures: RowFigures, width: number) => [...figures.percentilesNs, figures.maxNs].map((ns) => fixed(ns / unitRatio, 3, width));
  const lines = rows.map(({ timeSec, interval, total }) => {
    if (csv) return [fixed(timeSec, 3), interval.count, ...values(interval, 0), total.count, ...values(total, 0)].join(",");
    return `${fixed(timeSec, 3, 4)}: I:${interval.count} ( ${values(interval, 7).join(" ")} ) T:${total.count} ( ${values(total, 7).join(" ")} )`;
  });
  return hlogHeaderLines("Interval percentile log", options.range) + [csv ? CSV_LEGEND : TEXT_LEGEND, ...lines].join("\n") + "\n";
}
