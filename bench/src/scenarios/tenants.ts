import { forkChild } from '../child.js';
import { startMockProcess } from '../mock.js';
import { round } from '../stats.js';
import type { Scenario } from '../types.js';

const MAX_ENTRIES = 10_000;
const MB = 1024 * 1024;

/** Scenario 5: 100,000 tenants through `forCredentials`; heap and store size stay bounded. */
export const tenants: Scenario = {
  name: 'tenants',
  title: '5. Tenants (100,000 credentials through forCredentials)',
  async run({ quick }) {
    const count = quick ? 20_000 : 100_000;
    const mock = await startMockProcess([{ acceptAnyUser: true }]);
    const child = forkChild(
      './tenants-child.js',
      [mock.urls[0]!, String(count), String(MAX_ENTRIES)],
      ['--expose-gc'],
    );
    try {
      const done = await child.next<{
        deltaBytes: number;
        storeSize: number;
        failures: number;
        elapsedMs: number;
        naiveDeltaBytes: number;
        naiveSize: number;
      }>('done');
      const logins = (await mock.stats())[0]!.logins;
      const deltaMb = done.deltaBytes / MB;
      const naiveMb = done.naiveDeltaBytes / MB;
      return {
        setup: `${count.toLocaleString('en')} distinct credentials (mock acceptAnyUser), one call each (our auth hook logs in at the mock through undici request() as the client fetch option; a later hook answers the call locally), 64 at a time; maxEntries ${MAX_ENTRIES.toLocaleString('en')}; heap after forced GC in a separate process; baseline = an unbounded Map of ${count.toLocaleString('en')} tokens`,
        comparisons: [
          {
            metric: 'heap growth after GC (MB)',
            ours: round(deltaMb, 1),
            baseline: round(naiveMb, 1),
            ratio: round(deltaMb / naiveMb, 2),
          },
          { metric: 'entries kept', ours: done.storeSize, baseline: done.naiveSize },
          { metric: 'logins at the mock', ours: logins - 1, baseline: '' },
          { metric: 'time (s)', ours: round(done.elapsedMs / 1_000, 1), baseline: '' },
          { metric: 'failed calls', ours: done.failures, baseline: '' },
        ],
        targets: [
          {
            name: 'heap after GC minus an empty client',
            target: '<= 50 MB',
            value: `${round(deltaMb, 1)} MB`,
            isMet: deltaMb <= 50,
            isCount: false,
          },
          {
            name: 'store size',
            target: `<= ${MAX_ENTRIES}`,
            value: done.storeSize,
            isMet: done.storeSize <= MAX_ENTRIES,
            isCount: true,
          },
          {
            name: 'failed calls',
            target: '0',
            value: done.failures,
            isMet: done.failures === 0,
            isCount: true,
          },
        ],
      };
    } finally {
      await child.kill();
      await mock.close();
    }
  },
};
