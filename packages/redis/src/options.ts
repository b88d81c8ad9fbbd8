import { assertKnownOptions } from '@mastersfetch/core';
import type { Cluster, Redis, RedisOptions } from 'ioredis';

/** A connected ioredis client: a single node (`Redis`) or a `Cluster`. */
export type RedisClient = Redis | Cluster;

/** Turns a serialized record into what is stored, and back. Both may be async (e.g. a KMS call). */
export type RedisValueTransform = (value: string) => string | Promise<string>;

/** Where {@link RedisTokenStore} reports that Redis cannot be reached (default: `console`). */
export interface RedisTokenStoreLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

/**
 * The ioredis connection options {@link RedisTokenStore} accepts at the top level, as ioredis users
 * write them: where Redis is and how to authenticate. Every other ioredis option goes in
 * `connection`. A closed list, so a misspelled option is a type error and a `MastersConfigError`
 * rather than an option ioredis silently ignores.
 */
const IOREDIS_TOP_LEVEL_KEYS = [
  'host',
  'port',
  'path',
  'family',
  'username',
  'password',
  'db',
  'tls',
  'sentinels',
  'name',
  'role',
  'sentinelUsername',
  'sentinelPassword',
  'sentinelTLS',
  'enableTLSForSentinelMode',
  'connectionName',
] as const satisfies readonly (keyof RedisOptions)[];

/** The top-level ioredis options of {@link RedisTokenStoreOptions}, typed by ioredis itself. */
export type RedisConnectionOptions = Pick<RedisOptions, (typeof IOREDIS_TOP_LEVEL_KEYS)[number]>;

/**
 * Options of {@link RedisTokenStore}. Every duration is in milliseconds. ioredis' connection
 * options (`host`, `port`, `path`, `username`, `password`, `db`, `tls`, `sentinels`, `name`, ...;
 * see {@link RedisConnectionOptions}) are accepted at the top level, as ioredis users write them,
 * and merged over the cache defaults like `connection`; any other ioredis option goes in
 * `connection`. An unknown key is rejected with `MastersConfigError` naming it.
 */
export interface RedisTokenStoreOptions extends RedisConnectionOptions {
  /**
   * An existing ioredis client (`Redis` or `Cluster`). The store uses it as is and never quits it:
   * its owner closes it. Without it the store creates its own client from `url` / `connection`.
   */
  client?: RedisClient;
  /** A `redis://` or `rediss://` URL for the client the store creates (default: ioredis' localhost:6379). */
  url?: string;
  /**
   * ioredis options for the client the store creates, merged over the cache defaults:
   * `lazyConnect: true`, `enableOfflineQueue: false`, `commandTimeout: 500`, `connectTimeout: 2000`,
   * `maxRetriesPerRequest: 1` and a reconnect backoff capped at 2 s.
   */
  connection?: RedisOptions;
  /**
   * Prepended to every Redis key the store writes (default `''`). The core's keys already start
   * with `mastersfetch:v1:`; use this to separate apps or environments sharing one Redis.
   */
  keyPrefix?: string;
  /**
   * How long a call waits for a cold client's first connection before failing (default 450, within
   * the core's default `storeTimeoutMs` of 500). Once Redis was connected and lost, or a connection
   * attempt failed, calls fail fast instead, so an outage never adds latency: the core then works
   * per process until the background reconnect succeeds.
   */
  readyTimeoutMs?: number;
  /** Encrypts a serialized record before it is written (values at rest). Requires `decrypt`. */
  encrypt?: RedisValueTransform;
  /** Reverses `encrypt` when a record is read. Requires `encrypt`. */
  decrypt?: RedisValueTransform;
  /** Told once (`warn`) when the store's own client cannot reach Redis at all. Default `console`. */
  logger?: RedisTokenStoreLogger;
}

/** The store's own option names, checked against the interface by the `Record` type. */
const STORE_OPTION_KEYS = Object.keys({
  client: true,
  url: true,
  connection: true,
  keyPrefix: true,
  readyTimeoutMs: true,
  encrypt: true,
  decrypt: true,
  logger: true,
} satisfies Record<Exclude<keyof RedisTokenStoreOptions, keyof RedisConnectionOptions>, true>);

/** Every key a {@link RedisTokenStoreOptions} object may have. */
const KNOWN_OPTION_KEYS: readonly string[] = [...STORE_OPTION_KEYS, ...IOREDIS_TOP_LEVEL_KEYS];

const DEFAULT_READY_TIMEOUT_MS = 450;

/** {@link RedisTokenStoreOptions} checked, with the defaults applied. */
export interface ResolvedStoreOptions {
  /** Either the client passed in (`ioredis` is then empty) ... */
  client: RedisClient | undefined;
  /** ... or the URL and options of the client the store creates (top level merged with `connection`). */
  url: string | undefined;
  ioredis: RedisOptions;
  keyPrefix: string;
  readyTimeoutMs: number;
  encrypt: RedisValueTransform | undefined;
  decrypt: RedisValueTransform | undefined;
  logger: RedisTokenStoreLogger;
}

/**
 * Checks the options of `new RedisTokenStore(options)` and applies the defaults.
 * @throws `MastersConfigError` (from `@mastersfetch/core`) naming an unknown option key, with the
 *   closest known one (`keyPrefx` → `keyPrefix`); ioredis options beyond
 *   {@link RedisConnectionOptions} belong in `connection`.
 * @throws TypeError when only one of `encrypt` / `decrypt` is given, or `client` is combined with
 *   `url` / `connection` / a top-level connection option.
 */
export function resolveStoreOptions(options: RedisTokenStoreOptions): ResolvedStoreOptions {
  // A misspelled option (`keyPrefx`, `readyTimeout`) would otherwise reach ioredis, which ignores
  // it silently: reject it like the core rejects its own unknown options.
  assertKnownOptions(options, KNOWN_OPTION_KEYS);
  if ((options.encrypt === undefined) !== (options.decrypt === undefined)) {
    throw new TypeError('RedisTokenStore: `encrypt` and `decrypt` must be given together');
  }
  const {
    client,
    url,
    connection,
    keyPrefix,
    readyTimeoutMs,
    encrypt,
    decrypt,
    logger,
    ...ioredisOptions
  } = options;
  const topLevel = Object.keys(ioredisOptions).filter(
    (key) => (ioredisOptions as Record<string, unknown>)[key] !== undefined,
  );
  if (client && (url !== undefined || connection !== undefined || topLevel.length > 0)) {
    const given = url !== undefined ? 'url' : connection !== undefined ? 'connection' : topLevel[0];
    throw new TypeError(
      `RedisTokenStore: pass either \`client\` or connection options (\`${given}\` given), not both`,
    );
  }
  return {
    client,
    url,
    ioredis: client ? {} : ({ ...ioredisOptions, ...connection } as RedisOptions),
    keyPrefix: keyPrefix ?? '',
    readyTimeoutMs: readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
    encrypt,
    decrypt,
    logger: logger ?? console,
  };
}
