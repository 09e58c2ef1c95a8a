import { ChartkitError } from './errors.ts';

/** A whole number ≥ 1 from a flag or variable; anything else is one line naming it. */
export function positiveInteger(value: string | number, what: string): number {
  const n = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1) throw new ChartkitError('USAGE', `${what} ${String(value).trim() || '""'}: give a whole number of at least 1`);
  return n;
}
