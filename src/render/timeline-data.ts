/**
 * `latstat timeline` as data: CSV (a header and a row per window) or JSON
 *   { schema: 1, unit, input, startTime, intervalMs, skipMs, windowMs, correctedLabel?, failedUnplaced?, columns: [...],
 *     rows: [[...]] }
 * with the same columns as the CSV, and `input` as in `report --json` (every line recorded, skipped or rejected).
 * Latencies are in `unit`; empty windows have empty cells / null.
 */
import type { InputDescription } from "../analyses/report.js";
import type { TimelineData } from "../analyses/timeline.js";
import type { TimeUnit } from "../base/units.js";
import { timelineColumns, timelineHeader, timesAreDates } from "./timeline-columns.js";
import { exactInUnit } from "./values.js";
import { jsonInput } from "./json-input.js";
import { jsonText } from "./json-text.js";

// Columns 0–2 are times in seconds; the count and failed columns are counts, failed_rate a fraction; the rest are
// latencies in ns. When the times are no dates (hey's offsets count from the run's start), epoch_s is empty.
function cellValues(data: TimelineData, unit: TimeUnit): (number | null)[][] {
  const header = timelineHeader(data, unit);
  const epochKnown = timesAreDates(data);
  return data.rows.map((row) =>
    timelineColumns(row).map((value, i) => {
      if (Number.isNaN(value) || (header[i] === "epoch_s" && !epochKnown)) return null;
      if (i < 3) return Number(value.toFixed(3));
      if (header[i] === "failed_rate") return Number(value.toPrecision(6));
      return header[i]!.endsWith("count") || header[i] === "failed" ? value : exactInUnit(value, unit);
    }),
  );
}

/** The time line as CSV. */
export function renderTimelineCsv(data: TimelineData, unit: TimeUnit): string {
  const rows = cellValues(data, unit).map((cells) => cells.map((cell) => (cell === null ? "" : String(cell))).join(","));
  return [timelineHeader(data, unit).join(","), ...rows].join("\n") + "\n";
}

/** The time line of what `input` describes as a JSON document. */
export function renderTimelineJson(data: TimelineData, unit: TimeUnit, input: InputDescription): string {
  const document = {
    schema: 1,
    unit,
    input: jsonInput(input),
    startTime: timesAreDates(data) ? new Date(data.startTimeSec * 1000).toISOString() : null,
    intervalMs: data.intervalMs ?? null,
    skipMs: data.skipMs,
    windowMs: data.windowMs ?? null,
    ...(data.correctedLabel !== undefined ? { correctedLabel: data.correctedLabel } : {}),
    ...(data.failedUnplaced !== undefined ? { failedUnplaced: data.failedUnplaced } : {}),
    columns: timelineHeader(data, unit),
    rows: cellValues(data, unit),
  };
  return jsonText(document);
}
