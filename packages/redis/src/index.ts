export {
  RedisTokenStore,
  RedisTokenStoreError,
  type RedisClient,
  type RedisTokenStoreOptions,
  type RedisValueTransform,
} from './redis-token-store.js';
