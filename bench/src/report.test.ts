import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderResults, SCENARIO_ORDER, type ResultsFile } from './report.js';
import { SCENARIOS } from './scenarios/index.js';
import type { ScenarioResult } from './types.js';

describe('SCENARIO_ORDER', () => {
  it('lists every scenario the runner knows, once, and nothing else', () => {
    const known = SCENARIOS.map((s) => s.name);
    expect(new Set(known).size).toBe(known.length);
    expect(new Set(SCENARIO_ORDER).size).toBe(SCENARIO_ORDER.length);
    expect([...SCENARIO_ORDER].sort()).toEqual([...known].sort());
  });

  it('puts the result of every known scenario into RESULTS.md', () => {
    const result = (name: string, title: string): ScenarioResult => ({
      name,
      title,
      mode: 'full',
      date: '2026-12-03',
      durationSec: 1,
      setup: '',
      comparisons: [],
      targets: [{ name: `${name} target`, value: 1, target: '>= 1', isMet: true, isCount: true }],
    });
    const file: ResultsFile = {
      machine: { cores: 2, cpu: 'test', node: 'v20', platform: 'linux' },
      updatedAt: '2026-12-03',
      scenarios: Object.fromEntries(
        SCENARIOS.map((s) => [s.name, result(s.name, `Title of ${s.name}`)]),
      ),
    };
    const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
    try {
      const markdown = renderResults(file, join(dir, 'chart.svg'), 'chart.svg');
      for (const s of SCENARIOS) expect(markdown, s.name).toContain(`## Title of ${s.name}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
