/**
 * Tells a binary input from text before format detection guesses at it: compressed formats latstat does not
 * open (by their magic bytes) and data that is mostly control bytes. Random bytes contain commas and newlines,
 * so without this they could pass for a CSV file with a garbage header.
 */

/**
 * Magic bytes of archives latstat does not open, and how to read them instead (gzip and zstd are decompressed,
 * xz and bzip2 refused, by sources/open.ts).
 */
const FOREIGN_FORMATS: readonly { magic: readonly number[]; what: string; hint: string }[] = [
  { magic: [0x50, 0x4b, 0x03, 0x04], what: "a zip archive", hint: "extract the log first: unzip -p FILE | latstat" },
];

/**
 * Text has almost no control bytes or invalid UTF-8 (a Latin-1 `µ` here and there); random bytes are about one
 * in nine control bytes and mostly invalid UTF-8. More than a tenth of either marks the input as binary.
 */
const MAX_ODD_SHARE = 0.1;

/** Why `head` (the first bytes of an input, already gunzipped) is not text, or undefined when it may be. */
export function describeBinary(head: Buffer): { what: string; hint: string } | undefined {
  for (const { magic, what, hint } of FOREIGN_FORMATS) {
    if (head.length >= magic.length && magic.every((byte, i) => head[i] === byte)) return { what: `the input is ${what}`, hint };
  }
  let controls = 0;
  for (const byte of head) {
    // NUL and the C0 controls other than tab, line feed, vertical tab, form feed and carriage return; and DEL.
    if ((byte < 0x20 && (byte < 0x09 || byte > 0x0d)) || byte === 0x7f) controls++;
  }
  if (head.length === 0) return undefined;
  let invalid = 0;
  const text = head.toString("utf8");
  for (let at = text.indexOf("\uFFFD"); at >= 0; at = text.indexOf("\uFFFD", at + 1)) invalid++;
  const share = (controls + invalid) / head.length;
  if (share <= MAX_ODD_SHARE) return undefined;
  return {
    what: `the input looks like binary data (${Math.round(100 * share)}% of its first ${head.length} bytes are control bytes or invalid UTF-8), not a text log`,
    hint: "if it is text, name the format with -f FORMAT",
  };
}
