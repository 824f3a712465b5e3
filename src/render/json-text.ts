/** The JSON documents latstat writes (`--json`, `-o json`), as text. */

// JSON.stringify leaves DEL, the C1 controls and the line separators as they are, and the output's last guard
// (escapeStrayControls) would then write them as `\u{7f}`, which no JSON parser reads: they are escaped here, the
// JSON way.
// eslint-disable-next-line no-control-regex
const UNESCAPED_CONTROLS = /[\u007f-\u009f\u2028\u2029]/g;

/** `document` as indented JSON and a final newline, with every control character escaped as JSON escapes it. */
export function jsonText(document: unknown): string {
  const text = JSON.stringify(document, null, 2).replace(UNESCAPED_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `${text}\n`;
}
