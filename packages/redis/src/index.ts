export {
  RedisTokenStore,
  RedisTokenStoreError,
  type RedisClient,
  type RedisConnectionOptions,
  type RedisTokenStoreOptions,
  type RedisValueTransform,
} from './redis-token-store.js';
