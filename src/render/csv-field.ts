/**
 * One CSV cell, safe to open in a spreadsheet: control characters escaped (a row stays one line), a cell that a
 * spreadsheet would run as a formula — starting with `=`, `+`, `-`, `@`, tab or carriage return, and not a number —
 * prefixed with `'` (OWASP's rule against CSV injection), and quoted when it holds a quote or comma.
 */
import { escapeControls } from "../base/errors.js";

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|Inf|Infinity)$/;

export function csvField(text: string): string {
  const escaped = escapeControls(text);
  const safe = FORMULA_START.test(text) && !NUMBER.test(text) ? `'${escaped}` : escaped;
  return /[",]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
