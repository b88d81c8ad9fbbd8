/** Injection token of the one {@link MastersClient} of a `MastersIndiaModule` (a `@mastersfetch/core` client). */
export const MASTERS_INDIA_CLIENT = Symbol.for('@mastersfetch/nestjs:client');

/** Injection token of the client's `mastersFetch`; prefer the {@link InjectMastersFetch} decorator. */
export const MASTERS_FETCH = Symbol.for('@mastersfetch/nestjs:mastersFetch');

/**
 * Request property (a symbol, so it never collides with user fields) under which the module's
 * middleware leaves its {@link MastersIndiaService}; the `@MastersFetch()` decorator reads it.
 */
export const MASTERS_INDIA_SERVICE_KEY = Symbol.for('@mastersfetch/nestjs:service');
