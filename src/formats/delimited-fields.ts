/**
 * Splits one line of a delimited file into fields, RFC 4180 style: a field may be quoted with `"`, a quote inside
 * a quoted field is written `""`, and a quoted field may contain the delimiter or a line break (the caller joins
 * the physical lines while `open` is reported).
 */

export interface SplitResult {
  fields: string[];
  /** True when the line ended inside a quoted field: the record continues on the next line. */
  open: boolean;
}

const QUOTE = '"';

export function splitDelimited(line: string, delimiter: string): SplitResult {
  if (!line.includes(QUOTE)) return { fields: line.split(delimiter), open: false };
  const fields: string[] = [];
  let field = "";
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (inQuotes) {
      if (c !== QUOTE) field += c;
      else if (line[i + 1] === QUOTE) {
        field += QUOTE;
        i++;
      } else inQuotes = false;
    } else if (c === QUOTE && field === "") {
      inQuotes = true;
    } else if (c === delimiter) {
      fields.push(field);
      field = "";
    } else {
      field += c;
    }
  }
  fields.push(field);
  return { fields, open: inQuotes };
}
