import { parsePeriod } from '../../activities';
import type { Period } from '../../activities';
import type { ReportKindSpec } from './reports.config';

const GRAMMAR: Readonly<Record<string, string>> = {
  month: 'YYYY-MM',
  quarter: 'YYYY-Qn',
  half: 'YYYY-H1 or YYYY-H2',
  year: 'YYYY',
};

/** The grammar a kind's periods follow, for the error message (e.g. "YYYY-H1 or YYYY-H2"). */
export const periodGrammarOf = (spec: ReportKindSpec): string =>
  spec.periods.map((p) => GRAMMAR[p] ?? p).join(', ');

/** The period when it parses and is of a kind the report accepts; null otherwise. */
export function reportPeriod(spec: ReportKindSpec, text: string): Period | null {
  const period = parsePeriod(text);
  return period && spec.periods.includes(period.kind) ? period : null;
}
