/**
 * `csv` and `tsv`: delimited text with a header row.
 *
 *   file    = { blank | "#" comment } header { record }
 *   header  = name { delimiter name }
 *   record  = field { delimiter field }            fields quoted per RFC 4180 (see delimited-fields.ts)
 *
 * `csv`'s delimiter is `,`, or `;` when the first record (the header) holds more of them outside quotes: the CSV of
 * a locale whose decimal mark is the comma, where a number's comma is read as its decimal point (`12,5`) and a
 * latency written `1.234` (a thousands separator there, a decimal point elsewhere) is refused as ambiguous.
 *
 * The latency column is `--column NAME|INDEX` (INDEX counts from 1), or else the first column whose name looks
 * like a latency (latency-names.ts). Its unit is `--unit`, else a unit word ending its name (`latency_ms`,
 * `elapsedUs`, `duration_seconds`), else ms. A record may carry its own unit suffix (`12ms`). A line equal to
 * the header (files concatenated) is skipped; a line of the header's names in another order (files of another
 * writer concatenated) is a new header: the columns are found again by their names. A record with a quoted line break is counted on its last line, its
 * other lines as skipped; a quoted field still open after RECORD_LIMITS, closed by a later quote into a record
 * that cannot be one, or open at the end of the input, is a stray quote: the record's first line is rejected ("unclosed quote") and reading
 * goes on with the line after it, so the lines the quote ran over are read as the records they are. When the
 * header names a column twice, the first one is used, with a notice.
 *
 * The request's start time comes from `--time-column NAME|INDEX`, or else a column named like one (timestamp,
 * start_time, ts, time…; dropped with a notice if its first value is not a time), and its connection or worker
 * from `--per NAME|INDEX` (see formats/time-fields.ts for the time formats). `--group-by` and `--session` name
 * further columns whose values (trimmed; "" when the record is short) travel with the sample. Failed requests are
 * told by `--status-column NAME|INDEX`, or else a column named like a status or a success flag (see
 * formats/failure-fields.ts; dropped with a notice if its first value is not one; `--status-column none`: no column).
 * A header that is exactly hey's (`-f csv` on a hey file) says that the rows leave out the requests that got no
 * response, as format `hey` does (`unwrittenFailures`): the failures are counted, their rate is unknown.
 */
import { quoted, UserError } from "../base/errors.js";
import { MAX_LATENCY_NS, NS_PER_UNIT, parseLatency, unitFromName } from "../base/units.js";
import { contentEndOf, decimalAt, decimalCommaAt, HASH, integerAt, lineEndOf, printableSpan, QUOTE, timestampNsAt, utf8At } from "./bytes.js";
import { QuotedRecords, splitDelimited, type RecordLimits } from "./delimited-fields.js";
import { MAX_LINE_BYTES } from "../sources/lines.js";
import { ValueBatch } from "./value-batch.js";
import { parseStartTime } from "./time-fields.js";
import { pickLatencyName, pickSenderName, pickStartTimeName, senderNotice } from "./latency-names.js";
import { badFailureReason, type FailureFields, type FailureKind, failureKindOf, failureNotice, pickFailureName, readFailure, unguessNotice } from "./failure-fields.js";
import type { BlockSink, DecodeOptions, Format, LineDecoder, SampleSink, SniffResult, UnitChoice } from "./types.js";
import type { Sample } from "../core/sample.js";
import { isFailed } from "../core/failure.js";
import { TextCache } from "./text-cache.js";
import { HEY_HEADER, HEY_UNWRITTEN_FAILURES } from "./hey.js";

/**
 * A quoted record spanning lines is given up past this many lines or characters: a stray quote. A quoted line break
 * in a real log is a message of a few lines; the lines held while waiting are read again when the record is given up.
 */
const RECORD_LIMITS: RecordLimits = { lines: 20, chars: 16 * 1024 };

/** A record whose quoted field runs on past the end of its first line. */
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
  /** The column that tells failed requests, and how to read it. */
  status: { index: number; kind: FailureKind; guessed: boolean } | undefined;
}

class DelimitedDecoder implements LineDecoder {
  private header: string[] | undefined;
  /** The header's fields as split, to spot a repeated header (files concatenated). */
  private headerFields: string[] = [];
  private column: LatencyColumn | undefined;
  private extra: ExtraColumns = { time: undefined, timeGuessed: false, key: undefined, groups: [], session: undefined, status: undefined };
  /** The record a quoted line break left open; the outcome of its first line is booked when it ends. */
  private readonly quoted = new QuotedRecords(
    RECORD_LIMITS,
    `a quoted field is not closed within ${RECORD_LIMITS.lines} lines or ${RECORD_LIMITS.chars / 1024} KiB, or closes into a record that cannot be one (a stray "?): its first line is rejected as an unclosed quote and reading goes on after it`,
    (notice) => this.notices.push(notice),
  );
  private notices: string[] = [];
  /** False when the header's own latency cell reads as a number, so only the string path can tell it apart. */
  private fastHeader = true;
  /** Decoded values of the key, status and group columns (few distinct values, repeated on every line). */
  private readonly keyTexts = new TextCache();
  private readonly statusTexts = new TextCache(64);
  /** What the status column's texts tell (`statusTold`); shared by the samples, which copy them. */
  private readonly toldByStatus = new Map<string, FailureFields | undefined>();
  /** `{ status }` of each status read from the bytes (`statusAt`), by its number; shared as `toldByStatus`'s are. */
  private readonly toldStatuses: FailureFields[] = [];
  /** Trimmed, as the string path trims them. */
  private groupTexts: TextCache[] = [];
  private readonly batch = new ValueBatch();

  /** One of `delimiters`, chosen by the header line. */
  private delimiter: string;
  /** A number's comma is its decimal point (`12,5`): in a file delimited by `;`. */
  private decimalComma = false;
  /** A header in another order came after the first (`reorder`). */
  private reordered = false;
  /** The header's names, trimmed (a header naming a column twice has fewer than it has columns), and in order. */
  private headerNames = new Set<string>();
  private sortedHeader: string[] = [];
  /** The header is hey's (`-f csv` on a hey file): its rows leave out the requests that got no response. */
  private heyHeader = false;

  constructor(
    private readonly delimiters: readonly string[],
    private readonly options: DecodeOptions,
  ) {
    this.delimiter = delimiters[0]!;
  }

  line(text: string, sink: SampleSink, lineNo: number): void {
    // More fields than the header (not empty ones) close no record: a later quote closed a stray one.
    if (this.quoted.open) return this.quoted.next(text, this.delimiter, lineNo, sink, (fields) => !this.hasExtraFields(fields), (fields) => this.record(fields, sink), this.reread(sink));
    if (text.trim() === "" || text.startsWith("#")) return sink.skip();
    if (this.header === undefined) this.chooseDelimiter(text);
    const split = splitDelimited(text, this.delimiter);
    if (split.open) this.quoted.begin(split.fields, text, lineNo);
    else this.record(split.fields, sink);
  }

  /** How the lines a stray quote took into a record are read again: as lines of their own. */
  private reread(sink: SampleSink): (text: string, lineNo: number) => void {
    return (text, lineNo) => this.line(text, sink, lineNo);
  }

  /**
   * Whether a record has more fields than the header, not all empty: an unquoted delimiter in a value (`1,500` for
   * 1500) shifts the fields after it (empty ones past the header are a delimiter at the end of each record).
   */
  private hasExtraFields(fields: readonly string[]): boolean {
    const header = this.header;
    return header !== undefined && fields.length > header.length && fields.slice(header.length).some((extra) => extra.trim() !== "");
  }

  /** A line over the length limit: a header cannot be one; an open record is given up before it. */
  lineTooLong(lineNo: number, sink: SampleSink): void {
    if (this.quoted.open) {
      this.quoted.giveUp(sink, this.reread(sink));
      sink.at?.(lineNo);
    }
    if (this.header === undefined) {
      throw new UserError(`the header line is longer than ${MAX_LINE_BYTES / (1 << 20)} MiB, the longest line read`, "is this a CSV/TSV file? its first line names the columns");
    }
  }

  /** Books a record left open at the end of the input. */
  end(sink: SampleSink): void {
    this.quoted.end(sink, this.reread(sink));
  }

  /** How the fast path reads a number's bytes: with the file's decimal mark. */
  private numberAt(): (bytes: Uint8Array, start: number, end: number) => number {
    return this.decimalComma ? decimalCommaAt : decimalAt;
  }

  /** Whether a header's latency cell does not read as a number, so that the fast path never takes the header for a record. */
  private headerCellIsText(fields: readonly string[]): boolean {
    const cell = Buffer.from(fields[this.column!.index] ?? "");
    return Number.isNaN(this.numberAt()(cell, 0, cell.length));
  }

  private chooseDelimiter(header: string): void {
    this.delimiter = delimiterOf(header, this.delimiters);
    this.decimalComma = this.delimiter === ";";
    if (this.decimalComma) this.notices.push(`the header is separated by ";": read as the delimiter, and a comma in a number as its decimal point (12,5)`);
  }

  /** Books one whole record: the header, a repeated header, or a latency. */
  private record(fields: string[], sink: SampleSink): void {
    if (this.header === undefined || this.column === undefined) {
      this.readHeader(fields);
      this.headerFields = fields;
      this.heyHeader = this.delimiter === "," && fields.join(",") === HEY_HEADER;
      this.fastHeader = this.headerCellIsText(fields);
      return sink.skip();
    }
    if (sameFields(fields, this.headerFields)) return sink.skip();
    if (this.isReorderedHeader(fields)) {
      this.reorder(fields);
      return sink.skip();
    }
    if (this.hasExtraFields(fields)) return sink.reject("more fields than the header");
    const field = fields[this.column.index];
    if (field === undefined) return sink.reject("missing column");
    // Where the comma is the decimal mark, a dot before groups of three digits is a thousands separator as often as a
    // decimal point (`1.234`): refused, not guessed.
    if (this.decimalComma && THOUSANDS_GROUPS.test(field)) return sink.reject("ambiguous thousands separator");
    const parsed = parseLatency(this.decimalComma ? withDecimalPoint(field) : field, this.column.unit.unit);
    const { time, key, groups, session, status } = this.extra;
    // No latency at all may be a request that failed before it had one (a timeout): its status says (below).
    if (!parsed.ok && (parsed.reason !== "missing value" || status === undefined)) return sink.reject(parsed.reason);
    if (parsed.ok && time === undefined && key === undefined && groups.length === 0 && session === undefined && status === undefined) return sink.value(parsed.ns);
    const sample: Sample = { latencyNs: parsed.ok ? parsed.ns : 0 };
    if (status !== undefined) {
      const told = readFailure(status.kind, fields[status.index] ?? "");
      if (told === undefined && status.guessed) {
        this.notices.push(unguessNotice(`column "${this.header![status.index]}"`, status.kind, "--status-column"));
        this.extra.status = undefined;
      } else if (told === undefined) {
        return sink.reject(badFailureReason(status.kind));
      } else {
        Object.assign(sample, told);
      }
      if (this.extra.status !== undefined) this.extra.status.guessed = false;
    }
    // A request without a latency need not have a start time either, nor need a failed one (refused before it was
    // timed): an empty cell says nothing of the column, and a time line counts the failure in no window.
    if (this.extra.time !== undefined && !((parsed.ok === false || isFailed(sample)) && (fields[this.extra.time] ?? "").trim() === "")) {
      const timeText = fields[this.extra.time] ?? "";
      const startNs = parseStartTime(this.decimalComma ? withDecimalPoint(timeText) : timeText, this.options.timeUnit);
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
    if (parsed.ok) return sink.sample(sample);
    // Without a latency: a failed request is counted as failed, of no latency; any other is a missing value.
    if (!isFailed(sample)) return sink.reject("missing value");
    const { latencyNs: _none, ...request } = sample;
    sink.untimedFailure(request);
  }

  /**
   * Fast path for records without quotes: the needed fields are found by their delimiters in the bytes, and a
   * plain decimal latency (and start time) is read from them; every other line goes to `line`. A repeated header
   * never passes (its latency cell is not a number: see `fastHeader`), nor does a line of a quoted record.
   */
  decodeBlock(bytes: Uint8Array, start: number, end: number, firstLineNo: number, sink: BlockSink): number {
    let delimiter = this.delimiter.charCodeAt(0);
    let numberAt = this.numberAt();
    const out = this.batch.to(sink);
    let lineNo = firstLineNo;
    // Next quote and NUL at or after the current position (2^32 - 1 when there is none).
    let nextQuote = -1;
    let nextNul = -1;
    let fieldStarts = new Int32Array(0);
    let fieldEnds = new Int32Array(0);
    // The columns change only in the string path (the header, a guess given up): read again after each slow line.
    let last = lastField(this.column, this.extra);
    for (let lineStart = start; lineStart < end; lineNo++) {
      const newline = lineEndOf(bytes, lineStart, end);
      const contentEnd = contentEndOf(bytes, lineStart, newline);
      if (nextQuote < lineStart) nextQuote = bytes.indexOf(QUOTE, lineStart) >>> 0;
      if (nextNul < lineStart) nextNul = bytes.indexOf(0, lineStart) >>> 0;
      const column = this.column;
      const { time, key, groups, session, timeGuessed, status } = this.extra;
      if (fieldStarts.length <= last) [fieldStarts, fieldEnds] = [new Int32Array(last + 1), new Int32Array(last + 1)];
      let fields = 0;
      if (column !== undefined && this.fastHeader && !this.quoted.open && !timeGuessed && !status?.guessed && nextQuote >= contentEnd && nextNul >= contentEnd && contentEnd > lineStart && bytes[lineStart] !== HASH) {
        for (let fieldStart = lineStart; fields <= last && fieldStart <= contentEnd; fields++) {
          // A loop, not `indexOf`: fields are short, and a call into the runtime per field cost more than it scans.
          let fieldEnd = fieldStart;
          while (fieldEnd < contentEnd && bytes[fieldEnd] !== delimiter) fieldEnd++;
          fieldStarts[fields] = fieldStart;
          fieldEnds[fields] = fieldEnd;
          fieldStart = fieldEnd + 1;
        }
      }
      // A record with more fields than the header (more delimiters after the last field read than the header has)
      // is left to the string path, which rejects it — unless the extra fields are empty: delimiters that end the
      // line (a writer that ends each record with one). Counting costs a scan of the rest of the line, nothing when
      // the latency is in the last column.
      if (fields > last) {
        const extra = delimitersIn(bytes, fieldEnds[last]!, contentEnd, delimiter) - (this.header!.length - 1 - last);
        if (extra > 0 && !endsWith(bytes, contentEnd, extra, delimiter)) fields = 0;
      }
      // A short record (or one the fast path does not take) goes to `line`, which says why.
      const ns = fields > last ? Math.round(numberAt(bytes, fieldStarts[column!.index]!, fieldEnds[column!.index]!) * NS_PER_UNIT[column!.unit.unit]) : NaN;
      const startNs = time === undefined || !(ns <= MAX_LATENCY_NS) ? undefined : timestampNsAt(bytes, fieldStarts[time]!, fieldEnds[time]!, this.options.timeUnit, this.decimalComma);
      // A value that is not of the status column's kind takes the string path, which rejects it.
      const told = status === undefined || !(ns <= MAX_LATENCY_NS) ? NOTHING_TOLD : this.statusAt(status.kind, bytes, fieldStarts[status.index]!, fieldEnds[status.index]!);
      if (!(ns <= MAX_LATENCY_NS) || Number.isNaN(startNs) || told === undefined) {
        out.slowLine(bytes, lineStart, contentEnd, lineNo);
        last = lastField(this.column, this.extra);
        delimiter = this.delimiter.charCodeAt(0);
        numberAt = this.numberAt();
      } else if (time === undefined && key === undefined && groups.length === 0 && session === undefined && status === undefined) {
        out.value(ns);
      } else {
        const sample: Sample = { latencyNs: ns };
        if (told.status !== undefined) sample.status = told.status;
        if (told.ok !== undefined) sample.ok = told.ok;
        if (startNs !== undefined) sample.startNs = startNs;
        if (key !== undefined) sample.key = this.keyTexts.text(bytes, fieldStarts[key]!, fieldEnds[key]!);
        if (groups.length > 0) sample.groupValues = this.groupValuesAt(bytes, fieldStarts, fieldEnds);
        // Session ids are too many to be seen again before a cache forgets them, or to make a string of each.
        if (session !== undefined) {
          const span = printableSpan(bytes, fieldStarts[session]!, fieldEnds[session]!);
          if (span !== undefined) sample.sessionBytes = span;
          else sample.session = utf8At(bytes, fieldStarts[session]!, fieldEnds[session]!).trim();
        }
        out.sample(sample);
      }
      lineStart = newline + 1;
    }
    out.flush();
    return lineNo - firstLineNo;
  }

  /**
   * What the status column's value at `bytes[start, end)` tells: a status of 1 to 3 digits straight from the
   * bytes (as `readFailure` reads its text), anything else from its text.
   */
  private statusAt(kind: FailureKind, bytes: Uint8Array, start: number, end: number): FailureFields | undefined {
    if (kind === "status" && end - start <= 3) {
      const status = integerAt(bytes, start, end);
      if (!Number.isNaN(status)) return (this.toldStatuses[status] ??= { status });
    }
    return this.statusTold(kind, this.statusTexts.text(bytes, start, end));
  }

  /** What a status column's text tells, read once per distinct text (a few, repeated on every line). */
  private statusTold(kind: FailureKind, text: string): FailureFields | undefined {
    let told = this.toldByStatus.get(text);
    if (told === undefined && !this.toldByStatus.has(text)) {
      told = readFailure(kind, text);
      if (this.toldByStatus.size < MAX_STATUS_TEXTS) this.toldByStatus.set(text, told);
    }
    return told;
  }

  /** The group columns' values of a line, trimmed (`--group-by`), in the order of the names. */
  private groupValuesAt(bytes: Uint8Array, fieldStarts: Int32Array, fieldEnds: Int32Array): string[] {
    const groups = this.extra.groups;
    const values = new Array<string>(groups.length);
    for (let n = 0; n < groups.length; n++) values[n] = this.groupTexts[n]!.text(bytes, fieldStarts[groups[n]!]!, fieldEnds[groups[n]!]!);
    return values;
  }

  /**
   * The header's names in another order. Asked of every record the string path books: a record whose latency cell
   * is not one of the names is none (a set lookup), and only such a line is looked at whole.
   */
  private isReorderedHeader(fields: readonly string[]): boolean {
    if (fields.length !== this.header!.length || !this.headerNames.has((fields[this.column!.index] ?? "").trim())) return false;
    // The same names as often each (a header may name a column twice).
    const sorted = fields.map((f) => f.trim()).sort();
    return this.sortedHeader.every((name, i) => name === sorted[i]);
  }

  /** A record is open, or a header in another order changed the columns from those the first lines settled. */
  midRecord(): boolean {
    return this.quoted.open || this.reordered;
  }

  /**
   * The header again, its names in another order (`fields`): every column in use is found again by its name, so
   * the records after it are read by their own header.
   */
  private reorder(fields: string[]): void {
    const names = fields.map((f) => f.trim());
    const moved = (index: number) => names.indexOf(this.header![index]!);
    const extra = this.extra;
    this.column = { ...this.column!, index: moved(this.column!.index) };
    this.extra = {
      ...extra,
      time: extra.time === undefined ? undefined : moved(extra.time),
      key: extra.key === undefined ? undefined : moved(extra.key),
      groups: extra.groups.map(moved),
      session: extra.session === undefined ? undefined : moved(extra.session),
      status: extra.status === undefined ? undefined : { ...extra.status, index: moved(extra.status.index) },
    };
    this.header = names;
    this.headerFields = fields;
    this.headerNames = new Set(names);
    this.sortedHeader = [...names].sort();
    this.fastHeader = this.headerCellIsText(fields);
    this.reordered = true;
    // No line number: a part read on another thread numbers its lines from the part's start (see ingest-parts.ts).
    this.notices.push("the header comes again with its columns in another order (files concatenated?): the lines after it are read by its names");
  }

  private readHeader(names: string[]): void {
    this.header = names.map((n) => n.trim());
    this.headerNames = new Set(this.header);
    this.sortedHeader = [...this.header].sort();
    const index = this.options.column === undefined ? this.autoPick(this.header) : this.findColumn(this.header, this.options.column);
    const name = this.header[index]!;
    const nameUnit = unitFromName(name);
    const unit: UnitChoice = this.options.unit
      ? { unit: this.options.unit, source: "--unit" }
      : nameUnit
        ? { unit: nameUnit, source: "column name" }
        : { unit: "ms", source: "default" };
    if (this.options.unit && nameUnit && nameUnit !== this.options.unit) {
      this.notices.push(`warning: --unit ${this.options.unit} contradicts the column name "${name}" (${nameUnit}): read as ${this.options.unit}, as --unit says`);
    }
    this.column = { index, unit };
    if (this.options.column === undefined) {
      this.notices.push(`using column "${name}" (column ${index + 1}) as the latency; choose another with --column`);
    }
    this.noteDuplicate(index, "--column");
    this.readExtraColumns(this.header, index);
  }

  private readExtraColumns(header: string[], latencyIndex: number): void {
    if (this.options.time !== undefined) {
      this.extra.time = this.findColumn(header, this.options.time, "--time-column");
      this.noteDuplicate(this.extra.time, "--time-column");
    } else {
      const guessed = pickStartTimeName(header, latencyIndex);
      if (guessed >= 0) {
        this.extra = { ...this.extra, time: guessed, timeGuessed: true };
        this.notices.push(`using column "${header[guessed]}" as the request start time; choose another with --time-column`);
      }
    }
    if (this.options.key !== undefined) {
      this.extra.key = this.findColumn(header, this.options.key, "--per");
      this.noteDuplicate(this.extra.key, "--per");
    } else if (!this.options.noSenderColumn) {
      const sender = pickSenderName(header, [latencyIndex, this.extra.time ?? -1]);
      if (sender >= 0) {
        this.extra.key = sender;
        this.notices.push(senderNotice(`column "${header[sender]}"`));
      }
    }
    this.extra.groups = (this.options.groupBy ?? []).map((name) => this.findColumn(header, name, "--group-by"));
    this.groupTexts = this.extra.groups.map(() => new TextCache(1024, true));
    if (this.options.session !== undefined) this.extra.session = this.findColumn(header, this.options.session, "--session");
    this.readStatusColumn(header, latencyIndex);
  }

  private readStatusColumn(header: string[], latencyIndex: number): void {
    if (this.options.noStatusColumn) return;
    if (this.options.statusColumn !== undefined) {
      const index = this.findColumn(header, this.options.statusColumn, "--status-column");
      this.extra.status = { index, kind: failureKindOf(header[index]!), guessed: false };
      return;
    }
    const index = pickFailureName(header, [latencyIndex, this.extra.time ?? -1]);
    if (index < 0) return;
    const kind = failureKindOf(header[index]!);
    this.extra.status = { index, kind, guessed: true };
    this.notices.push(failureNotice(`column "${header[index]}"`, kind, "--status-column"));
  }

  /** Duplicate column names: the first one is used (by name or by guess), and the user is told so. */
  private noteDuplicate(index: number, flag: string): void {
    const header = this.header!;
    const name = header[index]!;
    const same = header.flatMap((h, i) => (h === name ? [i + 1] : []));
    if (same.length < 2 || same[0] !== index + 1) return;
    this.notices.push(
      `the header has ${same.length} columns named "${quoted(name)}" (columns ${same.join(", ")}); using column ${index + 1} (choose another by number, e.g. ${flag} ${same[1]})`,
    );
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
    if (index < 0) throw new UserError(`no column "${quoted(wanted)}" in the header`, `columns are: ${quoted(header.join(", "))}`);
    return index;
  }

  private autoPick(header: string[]): number {
    const index = pickLatencyName(header);
    if (index < 0) {
      throw new UserError(`no column looks like a latency (${quoted(header.join(", "))})`, "choose one with --column NAME|INDEX");
    }
    return index;
  }

  unitChoice(): UnitChoice | undefined {
    return this.column?.unit;
  }

  unwrittenFailures(): string | undefined {
    return this.heyHeader ? HEY_UNWRITTEN_FAILURES : undefined;
  }

  takeNotices(): string[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }
}

/** A status column's text that tells nothing, or no status column. */
const NOTHING_TOLD: FailureFields = {};
/** Distinct status texts whose reading is kept; a column of more (not a status) is read on every line. */
const MAX_STATUS_TEXTS = 256;

/** The last field the fast path needs of a record: the latency's or an optional column's. */
function lastField(column: LatencyColumn | undefined, extra: ExtraColumns): number {
  let last = Math.max(column?.index ?? 0, extra.time ?? -1, extra.key ?? -1, extra.session ?? -1, extra.status?.index ?? -1);
  for (const group of extra.groups) last = Math.max(last, group);
  return last;
}

/** How many `delimiter` bytes `bytes[start, end)` holds. */
function delimitersIn(bytes: Uint8Array, start: number, end: number, delimiter: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if (bytes[i] === delimiter) count++;
  return count;
}

/** Whether the `count` bytes before `end` are all `delimiter`. */
function endsWith(bytes: Uint8Array, end: number, count: number, delimiter: number): boolean {
  for (let i = end - count; i < end; i++) if (bytes[i] !== delimiter) return false;
  return true;
}

function sameFields(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((field, i) => field === b[i]);
}


/**
 * The one of `candidates` (the first unless another is more frequent) that `line`, a header, holds most of outside
 * quotes.
 */
function delimiterOf(line: string, candidates: readonly string[]): string {
  if (candidates.length === 1) return candidates[0]!;
  const counts = candidates.map(() => 0);
  let quoted = false;
  for (const c of line) {
    if (c === QUOTE_TEXT) quoted = !quoted;
    else if (!quoted) {
      const index = candidates.indexOf(c);
      if (index >= 0) counts[index]!++;
    }
  }
  let best = 0;
  for (let i = 1; i < candidates.length; i++) if (counts[i]! > counts[best]!) best = i;
  return candidates[best]!;
}

/** `12,5` as `12.5` (a decimal comma), the rest of the text as it is; a number of more commas is left to be refused. */
function withDecimalPoint(text: string): string {
  return text.replace(DECIMAL_COMMA, "$1.$2");
}

const QUOTE_TEXT = '"';
/** `1.234`, `12.345.678`, `1.234,5`: digits grouped by dots in threes (a thousands separator, or a decimal point); not `0.123`. */
const THOUSANDS_GROUPS = /^\s*[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?\s*$/;
const DECIMAL_COMMA = /^(\s*[+-]?\d+),(\d+)(?![\d,])/;

/** A header cell that is a bare name, not data such as a JSON object. */
const SIMPLE_NAME = /^[A-Za-z_][\w .()-]*$/;

/** Splits sampled lines into records, joining lines whose quoted field runs on. */
function sampleRecords(lines: readonly string[], delimiter: string): string[][] {
  const records: string[][] = [];
  let pending: string[] | undefined;
  for (const line of lines) {
    if (pending === undefined && (line.trim() === "" || line.startsWith("#"))) continue;
    const { fields, open } = splitDelimited(line, delimiter, pending);
    pending = open ? fields : undefined;
    if (!open) records.push(fields);
  }
  return records;
}

/** A header row followed by records with the same number of fields, split by one of `delimiters` (delimiterOf). */
function sniffDelimited(lines: readonly string[], delimiters: readonly string[]): SniffResult {
  const header = lines.find((line) => line.trim() !== "" && !line.startsWith("#"));
  const [names, ...records] = sampleRecords(lines, delimiterOf(header ?? "", delimiters));
  if (names === undefined) return { score: 0, why: "no content lines" };
  const width = names.length;
  // Only a bare name counts: `{"latency_ms":1` is the first cell of a JSON line split at its commas, not a header.
  const latencyIndex = pickLatencyName(names);
  const named = latencyIndex >= 0 && SIMPLE_NAME.test(names[latencyIndex]!.trim());
  // A single column is still a table when its header names a latency ("latency_ms" over plain numbers).
  if (width < 2 && !named) return { score: 0, why: "the first line has no delimiter" };
  if (names.every((n) => n.trim() !== "" && !Number.isNaN(Number(n)))) return { score: 0, why: "the first line is all numbers, not a header" };
  // A writer that ends each record with a delimiter gives it empty fields past the header's: the same width.
  const sameWidth = records.filter((r) => r.length === width || (r.length > width && r.slice(width).every((f) => f.trim() === ""))).length;
  const share = records.length === 0 ? 1 : sameWidth / records.length;
  if (share < 0.8) return { score: 0, why: `only ${sameWidth} of ${records.length} records have the header's ${width} fields` };
  return {
    score: named ? 0.8 : 0.6,
    why: `header with ${width} fields${named ? " including a latency-like name" : ""}; ${sameWidth} of ${records.length} records match`,
  };
}

function delimitedFormat(name: string, delimiters: readonly string[], label: string, example: string): Format {
  return {
    name,
    description: `${label} with a header row; latency column by --column or a latency-like name; unit from --unit, the column name, or ms`,
    example,
    sniff: (lines) => sniffDelimited(lines, delimiters),
    createDecoder: (options) => new DelimitedDecoder(delimiters, options),
  };
}

export const csvFormat = delimitedFormat("csv", [",", ";"], "comma-separated values (or semicolon-separated, with decimal commas)", "2024-05-01T10:00:00Z,/api/users,200,12.5");
export const tsvFormat = delimitedFormat("tsv", ["\t"], "tab-separated values", "2024-05-01T10:00:00Z\t/api/users\t200\t12.5");
