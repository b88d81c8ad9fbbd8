import { Test } from '@nestjs/testing';
import { DEMO_USERS, startMockServer, type MockServer } from '@mastersfetch/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MastersConfigError, MastersIndiaModule, MastersIndiaService } from './index.js';

// Issue 17, finding 7: the module's own key (`isGlobal`) stays accepted; unknown client option
// keys fail the bootstrap with MastersConfigError naming them.
const gamma = DEMO_USERS[2]!;
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());

describe('nestjs: unknown option keys (issue 17 #7)', () => {
  it('accepts isGlobal next to the client options (forRoot) and logs in', async () => {
    const ref = await Test.createTestingModule({
      imports: [
        MastersIndiaModule.forRoot({
          isGlobal: true,
          baseUrl: mock.url,
          credentials: { username: gamma.username, password: gamma.password },
        }),
      ],
    }).compile();
    expect(await ref.get(MastersIndiaService).getAccessToken()).toMatch(/^ey/);
    await ref.close();
  });

  it('rejects an unknown key from forRoot and from a forRootAsync factory, naming it', async () => {
    const sync = Test.createTestingModule({
      imports: [MastersIndiaModule.forRoot({ baseUrl: mock.url, timeout: 5_000 } as never)],
    }).compile();
    await expect(sync).rejects.toBeInstanceOf(MastersConfigError);
    await expect(sync).rejects.toThrow(/`timeout`.*did you mean `timeoutMs`/);
    const async = Test.createTestingModule({
      imports: [
        MastersIndiaModule.forRootAsync({
          isGlobal: true,
          useFactory: () => ({ baseUrl: mock.url, credentails: { apiKey: 'k' } }) as never,
        }),
      ],
    }).compile();
    await expect(async).rejects.toThrow(/`credentails`.*did you mean `credentials`/);
  });
});
