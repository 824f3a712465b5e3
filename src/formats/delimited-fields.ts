/**
 * Splits one line of a delimited file into fields, RFC 4180 style: a field may be quoted with `"`, a quote inside
 * a quoted field is written `""`, and a quoted field may contain the delimiter or a line break (the caller passes
 * the fields of a record left open as `continued` with its next line).
 */
import type { SampleSink } from "./types.js";

export interface SplitResult {
  fields: string[];
  /** True when the line ended inside a quoted field: the record continues on the next line. */
  open: boolean;
  /** True when a closing quote was followed by more than a delimiter (`"a"b`): not how a field is quoted. */
  textAfterQuote: boolean;
}

const QUOTE = '"';

/**
 * Splits `line` into fields. With `continued` (the `fields` of a result that was `open`, taken over and extended),
 * the line continues that record inside its last, quoted field after a line break: each line of a record is
 * scanned once, however many lines the record spans.
 */
export function splitDelimited(line: string, delimiter: string, continued?: string[]): SplitResult {
  if (continued === undefined && !line.includes(QUOTE)) return { fields: line.split(delimiter), open: false, textAfterQuote: false };
  const fields: string[] = continued ?? [];
  let field = continued === undefined ? "" : `${fields.pop() ?? ""}\n`;
  let inQuotes = continued !== undefined;
  let closedQuote = false;
  let textAfterQuote = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (inQuotes) {
      if (c !== QUOTE) field += c;
      else if (line[i + 1] === QUOTE) {
        field += QUOTE;
        i++;
      } else [inQuotes, closedQuote] = [false, true];
    } else if (c === QUOTE && field === "") {
      inQuotes = true;
    } else if (c === delimiter) {
      fields.push(field);
      field = "";
      closedQuote = false;
    } else {
      field += c;
      textAfterQuote ||= closedQuote;
    }
  }
  fields.push(field);
  return { fields, open: inQuotes, textAfterQuote };
}

/**
 * The skip reason of a record's lines but its last, when a quoted field holds line breaks: the record is booked on
 * its last line, and its other lines are neither blank nor headers.
 */
export const CONTINUED_RECORD = "line of a record of several lines";

/** A record whose quoted field goes on past its line, until it closes. */
interface OpenRecord {
  /** Fields so far; the last one is the open quoted field. */
  fields: string[];
  /** Its lines, and the number of the first one. */
  lines: string[];
  firstLineNo: number;
  chars: number;
}

/** How far a record may run on over lines before its open quote is taken for a stray one. */
export interface RecordLimits {
  lines: number;
  chars: number;
}

/** Reads a line again as a line of its own (a decoder's `line`), after a stray quote had taken it into a record. */
type Reread = (text: string, lineNo: number) => void;

/**
 * The record a quoted line break left open, for a decoder of delimited lines (CSV, JTL): carried on line by line
 * until its quote closes into a record that fits, or given up as a stray quote — its first line rejected as an
 * unclosed quote and the lines after it read again as lines of their own (one of them may open another record),
 * said once.
 */
export class QuotedRecords {
  private record: OpenRecord | undefined;
  private warned = false;

  /** @param strayNotice said (to `say`) the first time a record is given up. */
  constructor(
    private readonly limits: RecordLimits,
    private readonly strayNotice: string,
    private readonly say: (notice: string) => void,
  ) {}

  /** Whether a record is open: the next line goes on with it (`next`). */
  get open(): boolean {
    return this.record !== undefined;
  }

  /** A line whose quoted field goes on past it (its `fields` as splitDelimited left them): booked when the record ends. */
  begin(fields: string[], text: string, lineNo: number): void {
    this.record = { fields, lines: [text], firstLineNo: lineNo, chars: text.length };
  }

  /**
   * The open record's next line. When its quoted field closes into a record that `fits`, the record's other lines are
   * skipped and `book` is given its fields, on this line. When the quote was a stray one — a later quote closed it
   * into a record that does not fit, or with text after the closing quote, or it is still open past the limits —
   * the record is given up.
   */
  next(text: string, delimiter: string, lineNo: number, sink: SampleSink, fits: (fields: readonly string[]) => boolean, book: (fields: string[]) => void, reread: Reread): void {
    const record = this.record!;
    const split = splitDelimited(text, delimiter, record.fields);
    record.lines.push(text);
    record.chars += text.length + 1;
    record.fields = split.fields;
    if (split.open) {
      if (record.lines.length <= this.limits.lines && record.chars <= this.limits.chars) return;
    } else if (!split.textAfterQuote && fits(split.fields)) {
      this.record = undefined;
      for (let i = 1; i < record.lines.length; i++) sink.skip(CONTINUED_RECORD);
      return book(record.fields);
    }
    this.giveUp(sink, reread);
    sink.at?.(lineNo);
  }

  /** Gives the open record up as a stray quote (see the class comment). */
  giveUp(sink: SampleSink, reread: Reread): void {
    const record = this.record!;
    this.record = undefined;
    if (!this.warned) {
      this.warned = true;
      this.say(this.strayNotice);
    }
    sink.at?.(record.firstLineNo);
    sink.reject("unclosed quote");
    for (let i = 1; i < record.lines.length; i++) {
      sink.at?.(record.firstLineNo + i);
      reread(record.lines[i]!, record.firstLineNo + i);
    }
  }

  /** Gives up the records left open at the end of the input. */
  end(sink: SampleSink, reread: Reread): void {
    while (this.record !== undefined) this.giveUp(sink, reread);
  }
}
