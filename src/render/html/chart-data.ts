/**
 * A line chart as the HTML page's script draws it with uPlot: one x array shared by every series (uPlot's aligned
 * data), each series split into its certain part and its uncertain tail (drawn dashed), where its line breaks (a time
 * line's empty windows), and the latency axis for both scales so the page can switch between them.
 */
import { lineRuns, SECOND_AXIS_COLOR, seriesColor, type AxisScale, type ChartAxis, type LineChart, type MarkedTail } from "../chart-model.js";

/** One series in aligned form: `null` where the series has no point. */
export interface PageSeries {
  label: string;
  detail?: string;
  color: string;
  /** Drawn against the second y axis (`PageChart.y2`). */
  y2?: true;
  /** From this x on, the series' values are failed requests (hover reads `failed`). */
  failedFromX?: number;
  /** y at each x of the chart, up to and including the last certain point. */
  certain: (number | null)[];
  /** y from the last certain point on (the dashed tail); all null when the whole series is certain. */
  tail: (number | null)[];
  /** Indices of `xs` where the series has a gap (ChartSeries.gapsAt): its line breaks there. */
  gaps?: number[];
  /** Indices of `xs` of the points alone between gaps, drawn as dots. */
  lone?: number[];
}

/** What the page script needs to draw one chart. */
export interface PageChart {
  id: string;
  title: string;
  x: ChartAxis;
  /** The latency axis on each scale; `defaultScale` is shown first. */
  y: { log: ChartAxis; linear: ChartAxis };
  defaultScale: AxisScale;
  /** A second y axis on the right (the failure rate per window), whatever the latency scale. */
  y2?: ChartAxis;
  xs: number[];
  series: PageSeries[];
  uncertainNote?: string;
  /** Shaded tails of the x axis (failed requests in a spectrum). */
  marked?: MarkedTail[];
}

/**
 * The page form of a chart drawn on a log and on a linear latency axis (the same series; only `y` differs), shown
 * first on `defaultScale`, with the second axis' series (`log.y2`) after the latency ones. `id` names the chart's element in the page.
 */
export function pageChart(id: string, log: LineChart, linear: LineChart, defaultScale: AxisScale): PageChart {
  const y2 = log.y2;
  const all = [...log.series, ...(y2?.series ?? [])];
  // A gap's x is a column too, so that the line has a value (null) there to break at.
  const xs = [...new Set(all.flatMap((s) => [...s.points.map(([x]) => x), ...(s.gapsAt ?? [])]))].sort((a, b) => a - b);
  const column = new Map(xs.map((x, i) => [x, i]));
  const series = all.map((s, index): PageSeries => {
    const certain: (number | null)[] = xs.map(() => null);
    const tail: (number | null)[] = xs.map(() => null);
    const limit = s.uncertainFromX ?? Infinity;
    const lastCertain = s.points.reduce((last, [x], i) => (x <= limit ? i : last), -1);
    s.points.forEach(([x, y], i) => {
      const at = column.get(x)!;
      if (i <= lastCertain) certain[at] = y;
      if (i >= lastCertain) tail[at] = y;
    });
    // A tail of one point is the certain part's end, not a tail.
    if (tail.filter((y) => y !== null).length < 2) tail.fill(null);
    const second = index >= log.series.length;
    const gaps = s.gapsAt === undefined ? undefined : { gaps: s.gapsAt.map((x) => column.get(x)!), lone: lineRuns(s).flatMap((run) => (run.length === 1 ? [column.get(run[0]![0])!] : [])) };
    return {
      label: s.label,
      ...(s.detail ? { detail: s.detail } : {}),
      color: second ? SECOND_AXIS_COLOR : seriesColor(index),
      ...(second ? { y2: true as const } : {}),
      ...(s.failedFromX === undefined ? {} : { failedFromX: s.failedFromX }),
      certain,
      tail,
      ...gaps,
    };
  });
  return {
    id,
    title: log.title,
    x: log.x,
    y: { log: log.y, linear: linear.y },
    defaultScale,
    ...(y2 ? { y2: y2.axis } : {}),
    xs,
    series,
    ...(log.uncertainNote ? { uncertainNote: log.uncertainNote } : {}),
    ...(log.marked ? { marked: log.marked } : {}),
  };
}
