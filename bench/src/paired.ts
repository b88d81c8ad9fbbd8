/**
 * Paired statistics for the timing targets (issue 19): pure functions, no I/O, unit-tested in
 * `paired.test.ts`.
 *
 * A timed comparison is a list of pairs (one value of side A and one of side B measured next to
 * each other). The statistic is the median of the per-pair ratios A/B; its 95% interval comes from a
 * percentile bootstrap over the pairs. An A/A of the same statistic (pairs of the same side) says
 * how fine the method can resolve on this machine, in this run. Hand-rolled (about 100 lines)
 * because no well-kept npm library does paired bootstrap intervals of a median without pulling in a
 * whole statistics toolkit.
 */

/** A seeded PRNG (mulberry32): the same seed gives the same intervals, so a run can be re-derived. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function medianOf(values: ArrayLike<number>): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Sample standard deviation (n - 1); NaN below 2 values. */
export function standardDeviation(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! - mean) ** 2;
  return Math.sqrt(squares / (n - 1));
}

/** A point estimate with its interval. */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

export interface BootstrapOptions {
  /** Resamples (default 2000). */
  resamples?: number;
  /** Two-sided coverage (default 0.95). */
  confidence?: number;
  /** PRNG seed (default 19). */
  seed?: number;
}

/**
 * Percentile bootstrap of any statistic over `units` (pairs, seconds...): draws `units.length`
 * units with replacement `resamples` times and returns the statistic of the data plus the
 * (1 - confidence) / 2 and (1 + confidence) / 2 quantiles of the resampled statistics.
 */
export function bootstrap<T>(
  units: readonly T[],
  statistic: (sample: readonly T[]) => number,
  { resamples = 2_000, confidence = 0.95, seed = 19 }: BootstrapOptions = {},
): Interval {
  const estimate = statistic(units);
  if (units.length < 2) return { estimate, low: Number.NaN, high: Number.NaN };
  const random = seededRandom(seed);
  const stats = new Float64Array(resamples);
  const sample: T[] = new Array<T>(units.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < units.length; i++) {
      sample[i] = units[Math.floor(random() * units.length)]!;
    }
    stats[r] = statistic(sample);
  }
  stats.sort();
  const at = (q: number): number =>
    stats[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))]!;
  return { estimate, low: at((1 - confidence) / 2), high: at((1 + confidence) / 2) };
}

/** Median of the ratios with its bootstrap interval. */
export function medianRatioInterval(
  ratios: readonly number[],
  options?: BootstrapOptions,
): Interval {
  return bootstrap(ratios, medianOf, options);
}

/** One side of a comparison, e.g. `>= 0.97` (higher is better) or `<= 1.10`. */
export interface Bound {
  op: '>=' | '<=';
  value: number;
}

export type VerdictStatus = 'met' | 'missed' | 'unresolved';

export interface Verdict {
  status: VerdictStatus;
  /** Unresolved only: how much the half-width must shrink to decide (half-width − |estimate − bound|). */
  tooWideBy?: number;
  /** Unresolved only: pairs needed at the same spread, n · (half-width / |estimate − bound|)², or Infinity. */
  pairsNeeded?: number;
}

export const halfWidth = (interval: Interval): number => (interval.high - interval.low) / 2;

/**
 * Met when the whole interval is on the right side of the bound, missed when it is all on the
 * wrong side, otherwise unresolved (with how much too wide the interval is). `pairs` is the number of
 * pairs behind the interval, for the estimate of how many would resolve it.
 */
export function verdict(interval: Interval, bound: Bound, pairs: number): Verdict {
  const { low, high, estimate } = interval;
  if (Number.isNaN(low) || Number.isNaN(high)) return { status: 'unresolved' };
  const good = bound.op === '>=' ? low >= bound.value : high <= bound.value;
  const bad = bound.op === '>=' ? high < bound.value : low > bound.value;
  if (good) return { status: 'met' };
  if (bad) return { status: 'missed' };
  const h = halfWidth(interval);
  const distance = Math.abs(estimate - bound.value);
  return {
    status: 'unresolved',
    tooWideBy: Math.max(0, h - distance),
    pairsNeeded: distance === 0 ? Number.POSITIVE_INFINITY : Math.ceil(pairs * (h / distance) ** 2),
  };
}

/** An A/A interval must contain 1.0; if it does not, the run was disturbed (drift the pairs did not cancel). */
export const isDisturbed = (aa: Interval): boolean => !(aa.low <= 1 && aa.high >= 1);

/** Pairs needed for a target half-width at per-pair spread sigma: (2 σ / half-width)². */
export const pairsForHalfWidth = (sigma: number, targetHalfWidth: number): number =>
  Math.ceil(((2 * sigma) / targetHalfWidth) ** 2);

/** A round of a paired run: which side ran and what it measured. */
export interface Round<T> {
  side: 'A' | 'B';
  value: T;
}

/**
 * The side order for `quartets` ABBA quartets: A B B A A B B A ... Linear drift cancels within
 * each quartet, and every round is next to one of the other side and one of its own.
 */
export function abbaOrder(quartets: number): ('A' | 'B')[] {
  const order: ('A' | 'B')[] = [];
  for (let i = 0; i < quartets; i++) order.push('A', 'B', 'B', 'A');
  return order;
}

/**
 * The route cycle of request-level interleaving: every connection sends `a, b, aa, a, aa, b` over
 * and over, `aa` being a second name of `b` (the A/A). Shifted by three requests the cycle is itself
 * with `b` and `aa` swapped, so the two are in the same place in every respect (neighbours before
 * and after, distance to `a`, phase across connections): their ratio measures noise only. The
 * cycle used before (`a, b, aa, aa, b, a`) gave only `b` an `a` for a neighbour, and its A/A
 * excluded 1.0 on an idle machine. `a` and `b` are equally frequent and each `a` has one of the
 * two baselines on either side.
 */
export function interleavedCycle<T>(a: T, b: T, aa: T): T[] {
  return [a, b, aa, a, aa, b];
}

/**
 * Splits an ABBA sequence into its pairs. A/B pairs: rounds (0,1), (2,3), ... (each AB or BA,
 * alternately). A/A pairs: rounds (1,2), (3,4), ... (BB or AA), taken later/earlier and
 * earlier/later alternately (an even number of them), so drift cancels in them as in the A/B pairs.
 * Returns per-pair ratios of `metric`.
 */
export function abbaRatios<T>(
  rounds: readonly Round<T>[],
  metric: (value: T) => number,
): { ab: number[]; aa: number[] } {
  const ab: number[] = [];
  const aa: number[] = [];
  for (let i = 0; i + 1 < rounds.length; i += 2) {
    const [x, y] = [rounds[i]!, rounds[i + 1]!];
    if (x.side === y.side) throw new Error(`rounds ${i} and ${i + 1} are the same side`);
    const a = x.side === 'A' ? x : y;
    const b = x.side === 'A' ? y : x;
    ab.push(metric(a.value) / metric(b.value));
  }
  for (let i = 1, k = 0; i + 1 < rounds.length; i += 2, k++) {
    const [x, y] = [rounds[i]!, rounds[i + 1]!];
    if (x.side !== y.side) throw new Error(`rounds ${i} and ${i + 1} are not the same side`);
    aa.push(k % 2 === 0 ? metric(y.value) / metric(x.value) : metric(x.value) / metric(y.value));
  }
  // An even count keeps the two directions balanced, as the A/B pairs always are.
  if (aa.length % 2 === 1) aa.pop();
  return { ab, aa };
}

/** A paired comparison summarized: estimate and interval, its A/A, the per-pair spread. */
export interface PairedSummary {
  pairs: number;
  ratio: Interval;
  aa: Interval;
  /** Standard deviation of the per-pair ratios (A/B). */
  sigma: number;
  /** Standard deviation of the A/A per-pair ratios. */
  aaSigma: number;
  /** The per-pair ratios (A/B), for comparisons across summaries. */
  samples: number[];
}

export function summarizePairs(
  ab: readonly number[],
  aa: readonly number[],
  options?: BootstrapOptions,
): PairedSummary {
  return {
    pairs: ab.length,
    ratio: medianRatioInterval(ab, options),
    aa: medianRatioInterval(aa, options),
    sigma: standardDeviation(ab),
    aaSigma: standardDeviation(aa),
    samples: [...ab],
  };
}

/**
 * Two independent sets of per-pair ratios against the same baseline (e.g. ours/ky and peer/ky):
 * median(x) / median(y) with a bootstrap interval that resamples each set on its own.
 */
export function ratioOfMediansInterval(
  x: readonly number[],
  y: readonly number[],
  { resamples = 2_000, confidence = 0.95, seed = 19 }: BootstrapOptions = {},
): Interval {
  const estimate = medianOf(x) / medianOf(y);
  if (x.length < 2 || y.length < 2) return { estimate, low: Number.NaN, high: Number.NaN };
  const random = seededRandom(seed);
  const draw = (values: readonly number[]): number =>
    medianOf(Array.from(values, () => values[Math.floor(random() * values.length)]!));
  const stats = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) stats[r] = draw(x) / draw(y);
  stats.sort();
  const at = (q: number): number =>
    stats[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))]!;
  return { estimate, low: at((1 - confidence) / 2), high: at((1 + confidence) / 2) };
}
