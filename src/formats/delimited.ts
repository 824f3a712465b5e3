/**
 * `csv` and `tsv`: delimited text with a header row.
 *
 *   file    = { blank | "#" comment } header { record }
 *   header  = name { delimiter name }
 *   record  = field { delimiter field }            fields quoted per RFC 4180 (see delimited-fields.ts)
 *
 * The latency column is `--column NAME|INDEX` (INDEX counts from 1), or else the first column whose name looks
 * like a latency (latency-names.ts). Its unit is `--unit`, else a unit word ending its name (`latency_ms`,
 * `elapsedUs`, `duration_seconds`), else ms. A record may carry its own unit suffix (`12ms`). A line equal to
 * the header (files concatenated) is skipped; the continuation lines of a record with a quoted line break are
 * counted as skipped and the record is counted on its last line.
 *
 * The request's start time comes from `--time-column NAME|INDEX`, or else a column named like one (timestamp,
 * start_time, ts, time…; dropped with a notice if its first value is not a time), and its connection or worker
 * from `--per NAME|INDEX` (see core/timestamps.ts for the time formats). `--group-by` and `--session` name
 * further columns whose values (trimmed; "" when the record is short) travel with the sample.
 */
import { UserError } from "../core/errors.js";
import { parseLatency, unitFromName } from "../core/units.js";
import { splitDelimited } from "./delimited-fields.js";
import { parseTimestamp } from "../core/timestamps.js";
import { pickLatencyName, pickStartTimeName } from "./latency-names.js";
import type { DecodeOptions, Format, LineDecoder, Sample, SampleSink, SniffResult, UnitChoice } from "./types.js";

/** A quoted record spanning lines is given up (rejected) past this size. */
const MAX_RECORD_CHARS = 1 << 20;

interface LatencyColumn {
  index: number;
  unit: UnitChoice;
}

/** The optional start-time, key, group and session columns. */
interface ExtraColumns {
  time: number | undefined;
  /** The time column was guessed from its name, so a first value that is not a time un-guesses it. */
  timeGuessed: boolean;
  key: number | undefined;
  /** One per `--group-by` name, in its order. */
  groups: number[];
  session: number | undefined;
}

class DelimitedDecoder implements LineDecoder {
  private header: string[] | undefined;
  private headerLine = "";
  private column: LatencyColumn | undefined;
  private extra: ExtraColumns = { time: undefined, timeGuessed: false, key: undefined, groups: [], session: undefined };
  private pending: string | undefined;
  private notices: string[] = [];

  constructor(
    private readonly delimiter: string,
    private readonly options: DecodeOptions,
  ) {}

  line(text: string, sink: SampleSink): void {
    if (this.pending !== undefined) {
      text = `${this.pending}\n${text}`;
      this.pending = undefined;
    } else if (text.trim() === "" || text.startsWith("#")) {
      return sink.skip();
    }
    const { fields, open } = splitDelimited(text, this.delimiter);
    if (open) {
      if (text.length > MAX_RECORD_CHARS) return sink.reject("unterminated quoted field");
      this.pending = text;
      return sink.skip();
    }
    if (this.header === undefined || this.column === undefined) {
      this.readHeader(fields);
      this.headerLine = text;
      return sink.skip();
    }
    if (text === this.headerLine) return sink.skip();
    const field = fields[this.column.index];
    if (field === undefined) return sink.reject("missing column");
    const parsed = parseLatency(field, this.column.unit.unit);
    if (!parsed.ok) return sink.reject(parsed.reason);
    const { time, key, groups, session } = this.extra;
    if (time === undefined && key === undefined && groups.length === 0 && session === undefined) return sink.value(parsed.ns);
    const sample: Sample = { latencyNs: parsed.ns };
    if (this.extra.time !== undefined) {
      const startNs = parseTimestamp(fields[this.extra.time] ?? "", this.options.timeUnit);
      if (startNs === undefined && this.extra.timeGuessed) {
        this.notices.push(`column "${this.header![this.extra.time]}" does not hold times; start times ignored (name one with --time-column)`);
        this.extra.time = undefined;
      } else if (startNs === undefined) {
        return sink.reject("bad start time");
      } else {
        sample.startNs = startNs;
      }
      this.extra.timeGuessed = false;
    }
    if (this.extra.key !== undefined) sample.key = fields[this.extra.key] ?? "";
    if (groups.length > 0) sample.groupValues = groups.map((i) => (fields[i] ?? "").trim());
    if (session !== undefined) sample.session = (fields[session] ?? "").trim();
    sink.sample(sample);
  }

  private readHeader(names: string[]): void {
    this.header = names.map((n) => n.trim());
    const index = this.options.column === undefined ? this.autoPick(this.header) : this.findColumn(this.header, this.options.column);
    const name = this.header[index]!;
    const nameUnit = unitFromName(name);
    const unit: UnitChoice = this.options.unit
      ? { unit: this.options.unit, source: "--unit" }
      : nameUnit
        ? { unit: nameUnit, source: "column name" }
        : { unit: "ms", source: "default" };
    this.column = { index, unit };
    if (this.options.column === undefined) {
      this.notices.push(`using column "${name}" (column ${index + 1}) as the latency; choose another with --column`);
    }
    this.readExtraColumns(this.header, index);
  }

  private readExtraColumns(header: string[], latencyIndex: number): void {
    if (this.options.time !== undefined) {
      this.extra.time = this.findColumn(header, this.options.time, "--time-column");
    } else {
      const guessed = pickStartTimeName(header, latencyIndex);
      if (guessed >= 0) {
        this.extra = { ...this.extra, time: guessed, timeGuessed: true };
        this.notices.push(`using column "${header[guessed]}" as the request start time; choose another with --time-column`);
      }
    }
    if (this.options.key !== undefined) this.extra.key = this.findColumn(header, this.options.key, "--per");
    this.extra.groups = (this.options.groupBy ?? []).map((name) => this.findColumn(header, name, "--group-by"));
    if (this.options.session !== undefined) this.extra.session = this.findColumn(header, this.options.session, "--session");
  }

  private findColumn(header: string[], wanted: string, flag = "--column"): number {
    if (/^\d+$/.test(wanted)) {
      const index = Number(wanted) - 1;
      if (index < 0 || index >= header.length) {
        throw new UserError(`${flag} ${wanted}: the header has ${header.length} columns`, "columns count from 1");
      }
      return index;
    }
    let index = header.indexOf(wanted);
    if (index < 0) index = header.findIndex((h) => h.toLowerCase() === wanted.toLowerCase());
    if (index < 0) throw new UserError(`no column "${wanted}" in the header`, `columns are: ${header.join(", ")}`);
    return index;
  }

  private autoPick(header: string[]): number {
    const index = pickLatencyName(header);
    if (index < 0) {
      throw new UserError(`no column looks like a latency (${header.join(", ")})`, "choose one with --column NAME|INDEX");
    }
    return index;
  }

  unitChoice(): UnitChoice | undefined {
    return this.column?.unit;
  }

  takeNotices(): string[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }
}

/** A header cell that is a bare name, not data such as a JSON object. */
const SIMPLE_NAME = /^[A-Za-z_][\w .()-]*$/;

/** Splits sampled lines into records, joining lines whose quoted field runs on. */
function sampleRecords(lines: readonly string[], delimiter: string): string[][] {
  const records: string[][] = [];
  let pending: string | undefined;
  for (const line of lines) {
    if (pending === undefined && (line.trim() === "" || line.startsWith("#"))) continue;
    const text: string = pending === undefined ? line : `${pending}\n${line}`;
    const { fields, open } = splitDelimited(text, delimiter);
    pending = open ? text : undefined;
    if (!open) records.push(fields);
  }
  return records;
}

/** A header row followed by records with the same number of fields, split by `delimiter`. */
function sniffDelimited(lines: readonly string[], delimiter: string): SniffResult {
  const [names, ...records] = sampleRecords(lines, delimiter);
  if (names === undefined) return { score: 0, why: "no content lines" };
  const width = names.length;
  const named = pickLatencyName(names) >= 0;
  // A single column is still a table when its header names a latency ("latency_ms" over plain numbers).
  if (width < 2 && !(named && SIMPLE_NAME.test(names[0]!))) return { score: 0, why: "the first line has no delimiter" };
  if (names.every((n) => n.trim() !== "" && !Number.isNaN(Number(n)))) return { score: 0, why: "the first line is all numbers, not a header" };
  const sameWidth = records.filter((r) => r.length === width).length;
  const share = records.length === 0 ? 1 : sameWidth / records.length;
  if (share < 0.8) return { score: 0, why: `only ${sameWidth} of ${records.length} records have the header's ${width} fields` };
  return {
    score: named ? 0.8 : 0.6,
    why: `header with ${width} fields${named ? " including a latency-like name" : ""}; ${sameWidth} of ${records.length} records match`,
  };
}

function delimitedFormat(name: string, delimiter: string, label: string, example: string): Format {
  return {
    name,
    description: `${label} with a header row; latency column by --column or a latency-like name; unit from --unit, the column name, or ms`,
    example,
    sniff: (lines) => sniffDelimited(lines, delimiter),
    createDecoder: (options) => new DelimitedDecoder(delimiter, options),
  };
}

export const csvFormat = delimitedFormat("csv", ",", "comma-separated values", "2024-05-01T10:00:00Z,/api/users,200,12.5");
export const tsvFormat = delimitedFormat("tsv", "\t", "tab-separated values", "2024-05-01T10:00:00Z\t/api/users\t200\t12.5");
