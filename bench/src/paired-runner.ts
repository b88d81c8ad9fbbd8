/**
 * The generic paired runner of the timing targets (issue 19). A scenario supplies "run side A for
 * one round" and "run side B for one round"; the runner runs them in ABBA quartets and turns the
 * rounds into a judged target (median of per-pair ratios, bootstrap interval, A/A of the same
 * statistic, verdict). Scenarios that already have per-pair values (interleaved requests) call
 * `judgePairs` directly.
 */
import {
  abbaOrder,
  abbaRatios,
  halfWidth,
  isDisturbed,
  pairsForHalfWidth,
  summarizePairs,
  verdict,
  type Bound,
  type PairedSummary,
  type Round,
} from './paired.js';
import { round } from './stats.js';
import type { Target } from './types.js';

export interface PairedSides<T> {
  /** Number of ABBA quartets (4 rounds each: 2 A/B pairs and 2 A/A pairs). */
  quartets: number;
  runA(index: number): Promise<T>;
  runB(index: number): Promise<T>;
}

/** Runs `quartets` x A B B A and returns every round in order. */
export async function runAbba<T>(sides: PairedSides<T>): Promise<Round<T>[]> {
  const rounds: Round<T>[] = [];
  let index = 0;
  for (const side of abbaOrder(sides.quartets)) {
    const value = side === 'A' ? await sides.runA(index) : await sides.runB(index);
    rounds.push({ side, value });
    index++;
  }
  return rounds;
}

/** The per-pair ratios of one metric of an ABBA run. */
export function summarizeAbba<T>(rounds: readonly Round<T>[], metric: (v: T) => number) {
  const { ab, aa } = abbaRatios(rounds, metric);
  return summarizePairs(ab, aa);
}

const fmt = (x: number): string => (Number.isFinite(x) ? String(round(x, 3)) : String(x));

/** `0.991 [0.975, 1.006]` */
export const formatInterval = (i: { estimate: number; low: number; high: number }): string =>
  `${fmt(i.estimate)} [${fmt(i.low)}, ${fmt(i.high)}]`;

/**
 * A timing target judged by the rule of bench/README.md: met / missed / unresolved (with how
 * much too wide), the A/A interval beside it, and a disturbed flag when that A/A excludes 1.
 */
export function judgePairs(
  name: string,
  bound: Bound,
  summary: PairedSummary,
  targetHalfWidth = 0.02,
): Target {
  const v = verdict(summary.ratio, bound, summary.pairs);
  const disturbed = isDisturbed(summary.aa);
  const h = halfWidth(summary.ratio);
  const notes = [
    `${summary.pairs} pairs, half-width ${fmt(h)}, per-pair sigma ${fmt(summary.sigma)} (pairs for ±${targetHalfWidth}: ${pairsForHalfWidth(summary.sigma, targetHalfWidth)})`,
  ];
  if (v.status === 'unresolved' && v.tooWideBy !== undefined) {
    notes.push(
      `interval too wide by ${fmt(v.tooWideBy)} (about ${fmt(v.pairsNeeded ?? Number.NaN)} pairs would resolve it)`,
    );
  }
  if (disturbed) notes.push('DISTURBED: the A/A interval excludes 1.0');
  return {
    name,
    target: `${bound.op} ${bound.value}`,
    value: round(summary.ratio.estimate),
    isMet: v.status === 'met',
    isCount: false,
    interval: [round(summary.ratio.low), round(summary.ratio.high)],
    aa: [round(summary.aa.low), round(summary.aa.high)],
    verdict: v.status,
    disturbed,
    note: notes.join('; '),
  };
}
