/** A mistyped command (`latstat reprot x`) told apart from a file given to the default command. */
import { existsSync } from "node:fs";

/** Edits between `a` and `b`: insertions, deletions, substitutions and swaps of neighbours (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The command `word` looks like a typo of, when it is no command and no file: a plain word at most two edits from a
 * command, sharing more than half of it. A word that names an existing file is that file, whatever it looks like.
 */
export function mistypedCommand(word: string | undefined, commands: readonly string[]): string | undefined {
  if (word === undefined || !/^[a-z]+$/i.test(word) || commands.includes(word) || existsSync(word)) return undefined;
  let best: { command: string; distance: number } | undefined;
  for (const command of commands) {
    const distance = editDistance(word.toLowerCase(), command);
    const similar = distance <= 2 && (Math.max(word.length, command.length) - distance) / Math.max(word.length, command.length) > 0.5;
    if (similar && (best === undefined || distance < best.distance)) best = { command, distance };
  }
  return best?.command;
}
