// The bench's tables, in Markdown (they go into docs/benchmarks.md as they are printed).
import path from "node:path";
import { summarize } from "./stats.mjs";

const fixed = (value, digits) => (value === undefined ? "n/a" : value.toFixed(digits));
const seconds = (s) => fixed(s, s !== undefined && s >= 10 ? 1 : s !== undefined && s < 1 ? 3 : 2);
const ratio = (r) => fixed(r, r >= 10 ? 1 : 2);

/** A value in a target's unit. */
function inUnit(value, unit) {
  if (unit === "s") return `${seconds(value)} s`;
  if (unit === "×") return `${ratio(value)}×`;
  return `${fixed(value, 0)} ${unit}`;
}

/** "61 MB", "300 KB", "55 B". */
const bytesText = (bytes) => (bytes >= 1e6 ? `${fixed(bytes / 1e6, 0)} MB` : bytes >= 1e3 ? `${fixed(bytes / 1e3, 0)} KB` : `${bytes} B`);

const spreadOf = (summary, format) => (summary ? (summary.min === summary.max ? format(summary.min) : `${format(summary.min)}–${format(summary.max)}`) : "n/a");

/** Rows of the measurements table for one group: one per command. */
export function measurementRows(group, commands, results) {
  return commands.map((command) => {
    const { runs, error } = results.get(command.id);
    const input = command.input ? `${path.basename(command.input)} (${bytesText(command.bytes)}${command.uncompressed ? " uncompressed" : ""})` : "";
    if (runs.length === 0) return `| ${group} | ${command.label} | ${input} | failed: ${error} | | | | | |`;
    const wall = summarize(runs.map((r) => r.wallS));
    const rss = summarize(runs.map((r) => r.rssMb));
    const cpu = summarize(runs.map((r) => r.cpuS));
    const load = summarize(runs.map((r) => r.load1));
    const others = summarize(runs.map((r) => r.othersCores));
    // Under 1 MB, start-up dominates and a throughput says nothing.
    const mbPerS = command.bytes >= 1e6 ? fixed(command.bytes / 1e6 / wall.median, 0) : "";
    const failedLater = error ? ` (then failed: ${error})` : "";
    return (
      `| ${group} | ${command.label} | ${input} | ${seconds(wall.median)} (${spreadOf(wall, seconds)})${failedLater} | ${mbPerS} | ` +
      `${cpu ? `${command.hook ? "" : "≈"}${seconds(cpu.median)}` : "n/a"} | ${rss ? `${fixed(rss.median, 0)} (${spreadOf(rss, (v) => fixed(v, 0))})` : "n/a"} | ` +
      `${spreadOf(load, (v) => fixed(v, 2))} | ${others ? fixed(others.median, 2) : "n/a"} |`
    );
  });
}

export const MEASUREMENTS_HEADER = [
  "| group | command | input | wall s: median (min–max) | MB/s | CPU s | peak RSS MB: median (min–max) | load 1-min | others' CPU, cores |",
  "|---|---|---|---|---:|---:|---|---|---:|",
];

/** A target's row: figure, spread, load, and met or by how much it is missed. */
export function targetRow(judged) {
  if (judged.reason) return `| ${judged.label} | | | | | not measured: ${judged.reason} |`;
  const { figure, unit, goal, atMost } = judged;
  const verdict = judged.met
    ? "met"
    : atMost
      ? `**missed**: ${ratio(figure / goal)}× the limit`
      : `**missed**: ${fixed((100 * figure) / goal, 0)}% of the goal`;
  return (
    `| ${judged.label} | ${inUnit(figure, unit)} | ${inUnit(judged.min, unit)}–${inUnit(judged.max, unit)} | ` +
    `${spreadOf(judged.loads, (v) => fixed(v, 2))} | ${fixed(judged.othersCores, 2)} | ${verdict} |`
  );
}

export const TARGETS_HEADER = ["| target | figure (median) | spread (min–max) | load 1-min | others' CPU, cores | verdict |", "|---|---:|---|---|---:|---|"];
