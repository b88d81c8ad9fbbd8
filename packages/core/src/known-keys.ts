import { MastersConfigError } from './errors.js';

// Unknown-option detection with a "did you mean" hint, shared by the client's options, the
// credentials and the adapters' own options.

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, so `credentails`
 * is one edit from `credentials`), case-insensitive. Hand-rolled: a dozen lines for a config error,
 * not worth a dependency.
 */
function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const above = d[i - 1] as number[];
      let best = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        best = Math.min(best, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = best;
    }
  }
  return (d[x.length] as number[])[y.length] as number;
}

/**
 * The known name closest to `key`, when one is close enough to be a likely typo: at most
 * max(2, a third of its length) edits away, or one starting with the other (`timeout` →
 * `timeoutMs`, `user` → `username`).
 */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  const lower = key.toLowerCase();
  for (const candidate of known) {
    const c = candidate.toLowerCase();
    let score = editDistance(key, candidate);
    const isPrefix = lower.length >= 4 && (c.startsWith(lower) || lower.startsWith(c));
    if (score > Math.max(2, Math.floor(candidate.length / 3)) && !isPrefix) continue;
    // A prefix match wins over an equally distant unrelated name.
    if (isPrefix) score -= 0.5;
    if (score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return best;
}

/**
 * Throws when `value` has an own enumerable key that is not in `known`: such an option would be
 * ignored (a typo such as `credentails`, or `timeout` for `timeoutMs`). Used by
 * `createMastersClient()` and by the adapters, which accept their own keys next to the client's.
 *
 * @param value - the options object.
 * @param known - every name accepted there.
 * @param prefix - path of `value` in the error (`'credentials'` gives `credentials.usename`).
 * @throws {@link MastersConfigError} naming the unknown key, with the closest known name when one
 *   is a likely typo, e.g. ``Invalid option `timeout`: is not an option; did you mean `timeoutMs`?``
 * @example
 * ```ts
 * assertKnownOptions(options, [...MASTERS_CLIENT_OPTION_KEYS, 'resolveCredentials']);
 * ```
 */
export function assertKnownOptions(value: object, known: readonly string[], prefix?: string): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const path = (name: string) => (prefix === undefined ? name : `${prefix}.${name}`);
    const suggestion = closestKey(key, known);
    throw new MastersConfigError({
      option: path(key),
      reason:
        suggestion === undefined
          ? `is not a known ${prefix === undefined ? 'option' : 'field'} (known: ${known.join(', ')})`
          : `is not a known ${prefix === undefined ? 'option' : 'field'}; did you mean \`${path(suggestion)}\`?`,
    });
  }
}
