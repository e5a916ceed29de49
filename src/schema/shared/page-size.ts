import { ValidationError } from '../../errors.js';

/**
 * For connections whose page size has documented bounds: a `first` or `last` outside them is a
 * BAD_USER_INPUT error instead of being clamped silently. Returns the maximum, for `maxSize`.
 */
export function pageSizeWithin(args: { first?: number | null; last?: number | null }, min: number, max: number): number {
  for (const name of ['first', 'last'] as const) {
    const size = args[name];
    if (size != null && (size < min || size > max)) {
      throw new ValidationError(`${name} must be between ${min} and ${max}`, [{ path: [name], message: `must be between ${min} and ${max}` }]);
    }
  }
  return max;
}
