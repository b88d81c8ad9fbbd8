export type * from './types.js';
export {
  MastersError,
  MastersConfigError,
  MastersInvalidCredentialsError,
  MastersTokenError,
  MastersHttpError,
  MastersApiError,
  isMastersError,
} from './errors.js';
export type {
  SanitizedCause,
  MastersErrorOptions,
  MastersConfigErrorOptions,
  MastersInvalidCredentialsErrorOptions,
  MastersTokenErrorOptions,
  MastersHttpErrorOptions,
  MastersApiErrorOptions,
} from './errors.js';
