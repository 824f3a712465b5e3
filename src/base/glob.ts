/** Globs as `--label` takes them: `*` any run of characters, `?` any one. */

/**
 * True when `text` matches `glob`, where `*` is any run of characters and `?` any one character. The classic
 * greedy walk that backtracks only to the last `*`: at most len(text) × len(glob) steps, never exponential.
 */
export function globMatch(glob: string, text: string): boolean {
  let g = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    const c = glob[g];
    if (c === "*") {
      star = g++;
      resume = t;
    } else if (c !== undefined && (c === "?" || c === text[t])) {
      g++;
      t++;
    } else if (star >= 0) {
      g = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (glob[g] === "*") g++;
  return g === glob.length;
}
