/**
 * Which decoded samples go into the histogram: the `--label`, `--status`, `--since`/`--until` filters, and
 * leaving out failed requests unless `--include-errors`.
 *
 * A request has failed when its tool says so (`ok === false`: JMeter `success=false`, Gatling KO, a vegeta
 * error, k6 `expected_response=false`), or, when the tool says nothing, when its status is outside 200–399 and not
 * 101, a WebSocket upgrade (0 included: no response). Failed requests are counted whether or not they are
 * recorded. `--status` picks responses by code whatever their success, so the failures among the chosen codes are
 * recorded: `--status 5xx` reports the latency of the 5xx responses.
 */
import { FAILED_SKIP_REASON } from "./accounting.js";
import { globMatch } from "../base/glob.js";
import { UserError } from "../base/errors.js";
import { isFailed } from "../core/failure.js";
import { parseIsoNs } from "../base/iso-time.js";
import { epochNumberToNs } from "../base/epoch.js";
import type { Sample } from "../core/sample.js";

/** A `--status` item: one code, a class (`5xx`) or a range (`400-499`), as inclusive bounds. */
export interface StatusRange {
  min: number;
  max: number;
}

export interface SampleFilterOptions {
  /** Record failed requests too (`--include-errors`). */
  includeErrors: boolean;
  /** Keep samples whose label matches one of these globs (`--label`, repeatable). */
  labels?: readonly string[];
  /** Keep samples whose status is in one of these ranges (`--status`). */
  statuses?: readonly StatusRange[];
  /** Keep samples that started at or after this epoch time in ns (`--since`). */
  sinceNs?: number;
  /** Keep samples that started before this epoch time in ns (`--until`). */
  untilNs?: number;
}

/** Skip reasons of the filters; they are keys of `skippedByReason` in the JSON report. */
export const FILTER_SKIP_REASONS = {
  label: "--label",
  noLabel: "no label (--label)",
  status: "--status",
  noStatus: "no status (--status)",
  time: "--since/--until",
  noTime: "no start time (--since/--until)",
} as const;

/** Parses `--status 2xx,404,500-599` into ranges. */
export function parseStatusList(text: string): StatusRange[] {
  return text.split(",").map((item) => {
    const t = item.trim().toLowerCase();
    let match: RegExpExecArray | null;
    if ((match = /^([1-5])xx$/.exec(t))) {
      const hundred = Number(match[1]) * 100;
      return { min: hundred, max: hundred + 99 };
    }
    if ((match = /^(\d{1,3})$/.exec(t))) return { min: Number(match[1]), max: Number(match[1]) };
    if ((match = /^(\d{1,3})-(\d{1,3})$/.exec(t)) && Number(match[1]) <= Number(match[2])) {
      return { min: Number(match[1]), max: Number(match[2]) };
    }
    throw new UserError(`--status: "${item}" is not a status`, "use codes, classes and ranges: 2xx,404,500-503");
  });
}

const AGO_UNITS: Readonly<Record<string, number>> = { s: 1e9, m: 60e9, h: 3600e9, d: 86400e9 };

/**
 * Parses a `--since`/`--until` time into epoch nanoseconds: ISO-8601 (`2024-05-01`, `2024-05-01T10:00:00Z`,
 * `2024-05-01 10:00:00.5+02:00`; without an offset the time is UTC), an epoch number, read as seconds below
 * 10^11, milliseconds below 10^14, microseconds below 10^17 and nanoseconds above, or a time before `nowNs`:
 * a number and s, m, h or d (`15m`, `1.5h`).
 */
export function parseTimeBound(text: string, nowNs?: number): number | undefined {
  const t = text.trim();
  const ago = /^(\d+(?:\.\d+)?)([smhd])$/.exec(t);
  if (ago !== null && nowNs !== undefined) return Math.round(nowNs - Number(ago[1]) * AGO_UNITS[ago[2]!]!);
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(epochNumberToNs(Number(t))!);
  return parseIsoNs(t);
}

/** Why `--since`/`--until` cannot read an input none of whose requests has a start time, and what they work with. */
export const UNTIMED_INPUT = { problem: "--since/--until need start times, which this input does not have", hint: "they work with formats that time each request" } as const;

/** The verdict on an interval histogram when `--label` or `--status` is set: an input error (it has neither). */
export const NOT_BY_REQUEST = "not by request";

/** Decides for each sample whether it is recorded; one instance serves every input. */
export class SampleFilter {
  /** True when a filter needs fields a bare latency does not have. */
  readonly needsFields: boolean;
  /** True when `--since`/`--until` pick requests by their start time. */
  readonly byTime: boolean;
  private readonly labels: readonly string[] | undefined;
  private readonly excludeFailed: boolean;

  constructor(readonly options: SampleFilterOptions) {
    this.labels = options.labels && options.labels.length > 0 ? options.labels : undefined;
    this.byTime = options.sinceNs !== undefined || options.untilNs !== undefined;
    this.needsFields = this.labels !== undefined || options.statuses !== undefined || this.byTime;
    this.excludeFailed = !options.includeErrors && options.statuses === undefined;
  }

  /**
   * `"record"`, `"failed-record"` (a failed request that is recorded all the same), or the reason the sample is
   * skipped (`FAILED_SKIP_REASON` or one of FILTER_SKIP_REASONS). A request without a start time cannot be placed
   * in `--since`/`--until`'s range: it is skipped, as one without a label is by `--label` (an input with no start
   * time at all is refused once read: `refuseUntimed` in ingest.ts).
   */
  judge(sample: Sample): string {
    const o = this.options;
    if (this.labels !== undefined) {
      const label = sample.label;
      if (label === undefined) return FILTER_SKIP_REASONS.noLabel;
      if (!this.labels.some((glob) => globMatch(glob, label))) return FILTER_SKIP_REASONS.label;
    }
    if (o.statuses !== undefined) {
      const status = sample.status;
      if (status === undefined) return FILTER_SKIP_REASONS.noStatus;
      if (!o.statuses.some((r) => status >= r.min && status <= r.max)) return FILTER_SKIP_REASONS.status;
    }
    if (this.byTime) {
      const start = sample.startNs;
      if (start === undefined) return FILTER_SKIP_REASONS.noTime;
      if ((o.sinceNs !== undefined && start < o.sinceNs) || (o.untilNs !== undefined && start >= o.untilNs)) {
        return FILTER_SKIP_REASONS.time;
      }
    }
    if (!isFailed(sample)) return "record";
    return this.excludeFailed ? FAILED_SKIP_REASON : "failed-record";
  }

  /**
   * The verdict on an interval histogram of an HdrHistogram log that starts at `startSec` (epoch seconds):
   * `"record"`, or `--since/--until` when its start lies outside them — whole intervals, by their start, as
   * HistogramLogProcessor's -start/-end take them; NOT_BY_REQUEST when `--label` or `--status` is set, which
   * pick requests by what a histogram does not hold.
   */
  judgeInterval(startSec: number): string {
    const o = this.options;
    if (this.labels !== undefined || o.statuses !== undefined) return NOT_BY_REQUEST;
    const startNs = startSec * 1e9;
    if ((o.sinceNs !== undefined && startNs < o.sinceNs) || (o.untilNs !== undefined && startNs >= o.untilNs)) return FILTER_SKIP_REASONS.time;
    return "record";
  }
}
