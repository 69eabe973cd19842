/** Suggestions for a mistyped name, the same everywhere a user can misspell one. */

/** ` Did you mean "train"?` when a candidate is close to `word`, else an empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const best = closest(word, candidates);
  return best === undefined ? '' : ` Did you mean "${best}"?`;
}

/** The candidate within a small edit distance of `word` (case-insensitive), if one stands out. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = w.length <= 3 ? 1 : w.length <= 8 ? 2 : 3;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d <= bestDistance && (best === undefined || d < editDistance(w, best.toLowerCase()))) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
