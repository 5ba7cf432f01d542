import type { DisclosureRule, Published } from './disclosure';

/** The subjects a table counts (docs/DESIGN.md §6): what one unit of a count is. */
export const SUBJECTS = ['cases', 'survivors', 'incidents', 'referrals', 'services', 'calls'] as const;
export type Subject = (typeof SUBJECTS)[number];

/** The dimensions a table may be grouped by (camelCase, as in the API). */
export const DIMENSIONS = [
  'period',
  'provinceCode',
  'communeCode',
  'channel',
  'violenceType',
  'actGroup',
  'sex',
  'ageGroup',
  'disability',
  'caseContext',
  'perpetratorRelationship',
  'service',
  'referralOutcome',
  'callCategory',
  'callOutcome',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** At most this many group-by dimensions in one table. */
export const MAX_GROUP_BY = 4;

/**
 * Whose figures: the province (the city) and, optionally, some of its communes; `organizationId` set means
 * only that organisation's cases (a supervisor, or a manager when config/reporting.yaml scopes managers).
 */
export interface FigureScope {
  provinceCode: string;
  communeCodes?: string[];
  organizationId?: string;
}

export interface StatisticsQuery {
  subject: Subject;
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
  groupBy: Dimension[];
}

export type StatisticsRow = { [dimension: string]: string | null | Published; count: Published };

export interface StatisticsTable {
  counts: Subject;
  /** What one unit of `count` is, and which time the period applies to. */
  description: { vi: string; en: string };
  groupBy: Dimension[];
  rows: StatisticsRow[];
  total: Published;
  disclosure: DisclosureRule;
}
