/** The known words closest to a misspelt one, for "did you mean" hints. */

/** Edit distance (insertions, deletions, substitutions) between `a` and `b`, in O(|a|·|b|) time and O(|b|) space. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Up to `n` of `candidates` closest to `word` by edit distance, nearest first (ties by name). */
export function closest(word: string, candidates: Iterable<string>, n = 3): string[] {
  return [...new Set(candidates)]
    .map((candidate) => ({ candidate, distance: editDistance(word, candidate) }))
    .sort((x, y) => x.distance - y.distance || (x.candidate < y.candidate ? -1 : x.candidate > y.candidate ? 1 : 0))
    .slice(0, n)
    .map(({ candidate }) => candidate);
}
