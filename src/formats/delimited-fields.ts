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

/** A record whose quoted field goes on past its line (a CSV or JTL decoder's, until it closes). */
export interface OpenRecord {
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

/** What an open record became with its next line (see `continueRecord`). */
export type RecordProgress = "open" | "closed" | "stray";

/**
 * Carries `open` on with its next line `text` (its `fields` then hold the record so far). "closed": its quoted field
 * closed into a record that `fits`. "stray": the quote was a stray one — a later quote closed it into a record that
 * does not fit, or with text after the closing quote, or it is still open past `limits`. Else "open".
 */
export function continueRecord(open: OpenRecord, text: string, delimiter: string, limits: RecordLimits, fits: (fields: readonly string[]) => boolean): RecordProgress {
  const split = splitDelimited(text, delimiter, open.fields);
  open.lines.push(text);
  open.chars += text.length + 1;
  open.fields = split.fields;
  if (split.open) return open.lines.length > limits.lines || open.chars > limits.chars ? "stray" : "open";
  return split.textAfterQuote || !fits(split.fields) ? "stray" : "closed";
}

/**
 * Books a record left open that was a stray quote: its first line rejected as an unclosed quote, and the lines
 * after it given to `reread` as lines of their own (one of them may open another record).
 */
export function rejectStrayQuote(open: OpenRecord, sink: SampleSink, reread: (text: string, lineNo: number) => void): void {
  sink.at?.(open.firstLineNo);
  sink.reject("unclosed quote");
  for (let i = 1; i < open.lines.length; i++) {
    sink.at?.(open.firstLineNo + i);
    reread(open.lines[i]!, open.firstLineNo + i);
  }
}
