/** One measured target of a scenario. */
export interface Target {
  /** What is measured, e.g. `requests/s ratio (ours / baseline)`. */
  name: string;
  /** The target as text, e.g. `>= 0.97`. */
  target: string;
  /** The measured value. */
  value: number | string;
  isMet: boolean;
  /** Count targets (logins) fail quick mode; timing targets never do. */
  isCount: boolean;
  /** Extra context (noise floor, spread). */
  note?: string;
  /** Timing targets: 95% bootstrap interval of the statistic. */
  interval?: [number, number];
  /** Timing targets: 95% interval of the same statistic in an A/A (the method's resolution). */
  aa?: [number, number];
  /** Timing targets: met / missed (whole interval on one side) or unresolved (it straddles). */
  verdict?: 'met' | 'missed' | 'unresolved';
  /** Timing targets: the A/A interval excluded 1.0. */
  disturbed?: boolean;
}

/** One row of a scenario's table: ours vs the baseline. */
export interface Comparison {
  metric: string;
  ours: number | string;
  baseline: number | string;
  ratio?: number;
  /** 95% interval of the ratio (paired scenarios). */
  interval?: [number, number];
  /** A/A interval of the same statistic. */
  aa?: [number, number];
}

/** What a scenario returns; stored in `results/latest.json`. */
export interface ScenarioResult {
  name: string;
  title: string;
  mode: 'full' | 'quick';
  date: string;
  durationSec: number;
  /** Setup in one line (sizes, durations, connections). */
  setup: string;
  comparisons: Comparison[];
  targets: Target[];
  /** Scenario-specific data (e.g. the latency series of scenario 4 for the chart). */
  data?: Record<string, unknown>;
  /** Set when the scenario could not run (e.g. no Redis outside CI). */
  skipped?: string;
}

export interface RunOptions {
  quick: boolean;
}

export interface Scenario {
  name: string;
  title: string;
  run(
    options: RunOptions,
  ): Promise<Omit<ScenarioResult, 'name' | 'title' | 'mode' | 'date' | 'durationSec'>>;
}
