import { Inject } from '@nestjs/common';
import { MASTERS_FETCH } from './masters-india.constants.js';

/**
 * Injects the module client's `mastersFetch` into a constructor parameter or property.
 *
 * @example
 * ```ts
 * constructor(@InjectMastersFetch() private readonly mastersFetch: MastersFetch) {}
 * ```
 */
export const InjectMastersFetch = (): PropertyDecorator & ParameterDecorator =>
  Inject(MASTERS_FETCH);
