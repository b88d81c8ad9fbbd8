/** Why a {@link RedisTokenStore} call failed. Never carries a stored value (it holds a token). */
export class RedisTokenStoreError extends Error {
  override readonly name = 'RedisTokenStoreError';
  /** The store operation that failed. */
  readonly operation: 'get' | 'set' | 'delete' | 'lock' | 'unlock' | 'connect';

  constructor(
    operation: RedisTokenStoreError['operation'],
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.operation = operation;
  }
}

/** A store operation, as named in {@link RedisTokenStoreError.operation}. */
export type RedisStoreOperation = RedisTokenStoreError['operation'];
