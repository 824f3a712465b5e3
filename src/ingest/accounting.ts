/**
 * Every input line is accounted for: recorded, skipped (blank, comment, header, left out by a filter or as a
 * failed request) or rejected with a reason, so that `recorded + skipped + rejected == lines` always holds.
 * Inputs read as documents (span exports, a load tester's JSON report) are accounted for by record instead — a
 * span, a request's detail — and `lines` then counts records (`entries` says which).
 */

/** A rejected line, kept for the first few messages on stderr. */
export interface Rejection {
  file: string;
  line: number;
  reason: string;
}

/** How many of the rejected lines are printed on stderr. */
export const REJECTIONS_SHOWN = 5;

/**
 * Most distinct reasons counted apart. Reasons are meant to be short and stable, but some quote the input (an hlog
 * line's `bad tag "x"`, a cookie's value): without a cap, a file of such lines would grow the reason tables, and
 * the JSON report, line by line. Past the cap, new reasons are counted under OTHER_REASONS (the first few
 * rejections are still shown in full).
 */
export const MAX_REASONS = 100;
export const OTHER_REASONS = "other reasons";

/** Adds `count` to `reason` in `table`, or to OTHER_REASONS once the table holds MAX_REASONS reasons. */
function countReason(table: Record<string, number>, reason: string, count = 1): void {
  const key = reason in table || Object.keys(table).length < MAX_REASONS ? reason : OTHER_REASONS;
  table[key] = (table[key] ?? 0) + count;
}

/** The reason of a skip for which the decoder gave none. */
export const DEFAULT_SKIP_REASON = "blank, comment or header";

/** The reason of a failed request left out of the histogram (see ingest/sample-filter.ts). */
export const FAILED_SKIP_REASON = "failed";

/** What `lines` counts: lines, records of documents, or both when inputs of both kinds were added up. */
export type Entries = "lines" | "records" | "lines and records";

export class LineAccounting {
  /** Lines read (or records, see `entries`). */
  lines = 0;
  entries: Entries = "lines";
  recorded = 0;
  skipped = 0;
  rejected = 0;
  /** Rejected line counts per reason; built without a prototype so any reason text is a safe key. */
  readonly rejectedByReason: Record<string, number> = Object.create(null) as Record<string, number>;
  /** Skipped line counts per reason; they add up to `skipped`. */
  readonly skippedByReason: Record<string, number> = Object.create(null) as Record<string, number>;
  /**
   * Requests the tool marked as failed (or with a status outside 2xx/3xx), among those the filters kept: the ones
   * left out are also counted in `skippedByReason.failed`, the ones put in (`--include-errors`) in `recorded`.
   */
  failed = 0;
  /**
   * Requests among those the filters kept whose input said whether they failed (a status, a success flag, a
   * failure): with none, nothing is known about failures, and a failure rate of 0 would mislead.
   */
  told = 0;
  /**
   * Requests that did not fail but had no value of the chosen metric (an nginx upstream time of `-`): skipped,
   * and counted here so that failures stay a share of all requests, whatever the metric.
   */
  untimed = 0;
  /**
   * Requests with a start time, counted while `--since`/`--until` judge them: with none, and some skipped for
   * having none, the input has no time to filter by (ingest.ts refuses it).
   */
  startTimes = 0;
  /**
   * Why some failed requests are not in the input at all (its format's `unwrittenFailures`): the failures it
   * holds are counted, but their rate is unknown.
   */
  unwrittenFailures: string | undefined;
  /** The first REJECTIONS_SHOWN rejections. */
  readonly firstRejections: Rejection[] = [];

  /** Adds another file's accounting to this one. */
  add(other: LineAccounting): void {
    // An empty accounting (the sum's start) takes the other's kind of entries.
    if (this.lines === 0 && this.entries === "lines") this.entries = other.entries;
    else if (other.lines > 0 && other.entries !== this.entries) this.entries = "lines and records";
    this.lines += other.lines;
    this.recorded += other.recorded;
    this.skipped += other.skipped;
    this.rejected += other.rejected;
    this.failed += other.failed;
    this.told += other.told;
    this.untimed += other.untimed;
    this.startTimes += other.startTimes;
    this.unwrittenFailures ??= other.unwrittenFailures;
    for (const [reason, count] of Object.entries(other.rejectedByReason)) countReason(this.rejectedByReason, reason, count);
    for (const [reason, count] of Object.entries(other.skippedByReason)) countReason(this.skippedByReason, reason, count);
    for (const rejection of other.firstRejections) {
      if (this.firstRejections.length < REJECTIONS_SHOWN) this.firstRejections.push(rejection);
    }
  }

  noteSkip(reason: string): void {
    this.skipped++;
    countReason(this.skippedByReason, reason);
  }

  /** True when the input said of some request whether it failed, and holds every failed request. */
  failuresKnown(): boolean {
    return this.told > 0 && this.unwrittenFailures === undefined;
  }

  /** Requests the filters kept: recorded, left out as failed, or without a value of the chosen metric. */
  requests(): number {
    return this.recorded + (this.skippedByReason[FAILED_SKIP_REASON] ?? 0) + this.untimed;
  }

  /** Failed requests as a share of the requests the filters kept (0 when there were none). */
  failureRate(): number {
    const requests = this.requests();
    return requests === 0 ? 0 : this.failed / requests;
  }

  noteRejection(file: string, line: number, reason: string): void {
    this.rejected++;
    countReason(this.rejectedByReason, reason);
    if (this.firstRejections.length < REJECTIONS_SHOWN) this.firstRejections.push({ file, line, reason });
  }
}
