import { DomainError } from '../../../platform/http';
import { parsePeriod, PERIOD_GRAMMAR } from '../../activities';
import { hanoiInstant } from '../../../platform/time';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// An ISO 8601 date-time with its offset (or Z): a bare local time would depend on the server's zone.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A day YYYY-MM-DD as its Hanoi midnight (shifted by `days`), or a date-time; null when neither. */
function instant(text: string, days: number): Date | null {
  const d = DAY.exec(text);
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    const utc = new Date(Date.UTC(y, m - 1, day));
    if (utc.getUTCFullYear() !== y || utc.getUTCMonth() !== m - 1 || utc.getUTCDate() !== day) return null;
    return hanoiInstant({ year: y, month: m, day: day + days });
  }
  if (!DATE_TIME.test(text)) return null;
  const t = new Date(text);
  return Number.isNaN(t.getTime()) ? null : t;
}

/**
 * The time range of a statistics request: `period` (docs/DESIGN.md §6 grammar), or `from` and `to`. A day
 * given as `to` is inclusive (the range ends at the next Hanoi midnight); a date-time is exclusive.
 */
export function resolveRange(q: { from?: string; to?: string; period?: string }): { from: Date; to: Date } {
  if (q.period !== undefined) {
    if (q.from !== undefined || q.to !== undefined) {
      throw new DomainError('STATISTICS_RANGE_INVALID', { field: 'period, from, to' });
    }
    const p = parsePeriod(q.period);
    if (!p) throw new DomainError('STATISTICS_PERIOD_INVALID', { field: 'period', grammar: PERIOD_GRAMMAR });
    return { from: p.from, to: p.to };
  }
  if (q.from === undefined || q.to === undefined) {
    throw new DomainError('STATISTICS_RANGE_INVALID', { field: q.from === undefined ? 'from' : 'to' });
  }
  const from = instant(q.from, 0);
  if (!from) throw new DomainError('STATISTICS_RANGE_INVALID', { field: 'from' });
  const to = instant(q.to, 1);
  if (!to) throw new DomainError('STATISTICS_RANGE_INVALID', { field: 'to' });
  if (from >= to) throw new DomainError('STATISTICS_RANGE_INVALID', { field: 'from, to' });
  return { from, to };
}
