/** Errors meant for the user: one line, and where useful a hint on how to fix it (the CLI gives them exit code 2). */

/** A problem the user can fix (bad flag, bad input); printed as `latstat: <message> (<hint>)`, exit code 2. */
export class UserError extends Error {
  /**
   * @param message one line: it is printed with its line breaks and tabs escaped, for it may hold a file name.
   * @param below a second line printed under it as it is (a caret under a budget's offending character).
   */
  constructor(
    message: string,
    readonly hint?: string,
    readonly below?: string,
  ) {
    super(message);
    this.name = "UserError";
  }
}

/**
 * A UserError whose message already starts with the input's name and line, so nobody adds them again. Its text
 * often quotes the input (a header, a key), so control characters are escaped: the message stays one line.
 */
export class InputError extends UserError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly problem: string,
    hint?: string,
  ) {
    super(escapeControls(`${location(file, line)}: ${problem}`), hint === undefined ? undefined : escapeControls(hint));
    this.name = "InputError";
  }
}

/**
 * The control characters past ASCII's C0 set, as the inside of a regular expression's character class: DEL and the
 * C1 controls, the line separators, and the bidirectional marks, embeddings, overrides and isolates (Trojan Source,
 * CVE-2021-42574). JSON.stringify leaves them as they are (json-text.ts escapes them).
 */
export const NON_C0_CONTROLS = "\\u007f-\\u009f\\u2028\\u2029\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069";
/** Every character that would break a one-line message, drive the terminal or reorder what it shows: C0 and the others. */
export const CONTROL_CHARACTERS = `\\u0000-\\u001f${NON_C0_CONTROLS}`;

const CONTROLS = new RegExp(`[${CONTROL_CHARACTERS}]`, "g");

const NAMED_CONTROLS: Record<string, string> = { "\r": "\\r", "\n": "\\n", "\t": "\\t", "\x1b": "\\e" };

/**
 * Input text made safe to show: control characters escaped as `\r`, `\n`, `\t`, `\e` (ESC) or `\u{…}`, so it
 * stays on one line and cannot drive a terminal. Every renderer and message that shows text from the input —
 * group values, file names, tags, budget expressions — passes it through here.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (c) => NAMED_CONTROLS[c] ?? `\\u{${c.charCodeAt(0).toString(16)}}`);
}

// An SGR colour sequence (what chalk writes), or one control character.
const COLOUR_OR_CONTROL = new RegExp(`\\x1b\\[[0-9;]*m|[${CONTROL_CHARACTERS}]`, "g");

/**
 * Output text with every control character escaped but the layout (newline, tab) and, with `keepColour`, colour
 * (SGR sequences): the last guard of what reaches stdout and stderr, behind the escaping of each quoted piece of
 * input.
 */
export function escapeStrayControls(text: string, keepColour = true): string {
  return text.replace(COLOUR_OR_CONTROL, (m) => ((m.length > 1 && keepColour) || m === "\n" || m === "\t" ? m : escapeControls(m)));
}

/** A message on one line: its line breaks and tabs escaped (the other controls are escaped where it is printed). */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\t]/g, (c) => NAMED_CONTROLS[c]!);
}

/** Input text quoted in a message: control characters escaped, cut to `maxChars` with an ellipsis. */
export function quoted(text: string, maxChars = 120): string {
  const escaped = escapeControls(text);
  return escaped.length <= maxChars ? escaped : `${escaped.slice(0, maxChars - 1)}…`;
}

/** Where an input problem is: `file:line` or `file` when the line is not known. */
export function location(file: string, line?: number): string {
  return line === undefined ? file : `${file}:${line}`;
}
