export { RedisTokenStore } from './redis-token-store.js';
export { RedisTokenStoreError } from './errors.js';
export type {
  RedisClient,
  RedisConnectionOptions,
  RedisTokenStoreOptions,
  RedisValueTransform,
} from './options.js';
