import type { Period } from '../../activities';
import type { FigureScope } from '../domain/statistics.types';

/** A filter value as written in an indicator file: a key, a list of keys, or a whole number. */
export type FilterValue = string | number | string[];
export type Filters = Readonly<Record<string, FilterValue>>;

/** What a filter accepts: keys of a catalogue (one or a list), or a whole number in a range. */
export type FilterSpec =
  { kind: 'catalogue'; catalogue: string; single?: boolean } | { kind: 'integer'; min: number; max: number };

/**
 * A measure's raw figure, before disclosure control:
 * - count: counts records about people (cases, referrals, follow-ups): published with the cell key;
 * - median: a median over cases, withheld when fewer than the threshold cases stand behind it;
 * - exact: counts of community work and entered denominators, about no person: shown as they are.
 */
export type MeasureValue =
  | { kind: 'count'; count: number; keySum: bigint }
  | { kind: 'median'; median: number | null; cases: number }
  | { kind: 'exact'; value: number | null };

export interface MeasureRequest {
  scope: FigureScope;
  period: Period;
  filters: Filters;
}

export interface Measure {
  /** e.g. cases.received */
  readonly id: string;
  readonly filters: Readonly<Record<string, FilterSpec>>;
  evaluate(request: MeasureRequest): Promise<MeasureValue>;
}

/** The filter as a list of keys (a single key is a list of one). */
export const keysOf = (v: FilterValue | undefined): string[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? v : [String(v)];

/** The filter as a number. */
export const numberOf = (v: FilterValue | undefined): number | undefined =>
  v === undefined ? undefined : Number(v);
