import { describe, expectTypeOf, it } from 'vitest';
import { RedisTokenStore, type RedisTokenStoreOptions } from './index.js';

describe('RedisTokenStoreOptions typing', () => {
  it('accepts the store options and the top-level ioredis connection options', () => {
    const options: RedisTokenStoreOptions = {
      host: 'redis.internal',
      port: 6380,
      username: 'app',
      password: 'from-the-environment',
      db: 2,
      tls: {},
      keyPrefix: 'billing:',
      readyTimeoutMs: 450,
      connection: { enableAutoPipelining: true },
    };
    expectTypeOf(new RedisTokenStore(options)).toEqualTypeOf<RedisTokenStore>();
    expectTypeOf<RedisTokenStoreOptions['port']>().toEqualTypeOf<number | undefined>();
  });

  it('rejects a misspelled option and an ioredis option outside `connection`', () => {
    // @ts-expect-error: `keyPrefx` is not an option (did you mean `keyPrefix`?)
    const misspelled: RedisTokenStoreOptions = { keyPrefx: 'billing:' };
    // @ts-expect-error: `readyTimeout` is not an option (the option is `readyTimeoutMs`)
    const unitless: RedisTokenStoreOptions = { readyTimeout: 450 };
    // @ts-expect-error: ioredis options other than where and who go in `connection`
    const topLevel: RedisTokenStoreOptions = { enableAutoPipelining: true };
    // @ts-expect-error: ioredis' own type still checks a top-level value
    const wrongType: RedisTokenStoreOptions = { port: '6380' };
    expectTypeOf([misspelled, unitless, topLevel, wrongType]).toBeArray();
  });
});
