/** The JSON documents latstat writes (`--json`, `-o json`), as text. */
import { NON_C0_CONTROLS } from "../base/errors.js";

// JSON.stringify escapes C0 but leaves the other controls as they are (DEL, C1, line separators, bidirectional
// marks), and the output's last guard (escapeStrayControls) would then write them as `\u{7f}`, which no JSON parser
// reads: they are escaped here, the JSON way.
const UNESCAPED_CONTROLS = new RegExp(`[${NON_C0_CONTROLS}]`, "g");

/** `document` as indented JSON and a final newline, with every control character escaped as JSON escapes it. */
export function jsonText(document: unknown): string {
  const text = JSON.stringify(document, null, 2).replace(UNESCAPED_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `${text}\n`;
}
