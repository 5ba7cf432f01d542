import { PositionalParams } from '../../../platform/database';
import { SERVICES_GIVEN } from '../domain/services-given.sql';
import type { Statement } from '../domain/statistics.sql';
import type { FigureScope } from '../domain/statistics.types';
import type { MeasureRequest } from './measure';

/**
 * The statements of the measures over cases, referrals and follow-ups, over the reporting views. Pure: a
 * request in, a statement out; every value is a parameter. Counts answer n and key_sum (the caller
 * publishes them under the cell-key rule); the median answers n and median.
 */

const HANOI = `'Asia/Ho_Chi_Minh'`;
type Period = MeasureRequest['period'];

/** Collects WHERE clauses; every value goes through the parameter sink. */
class Where {
  readonly p = new PositionalParams();
  private readonly clauses: string[] = [];

  and(clause: string): void {
    this.clauses.push(clause);
  }

  /** The case's commune, province and organisation place every record (docs/DESIGN.md §6). */
  scope(scope: FigureScope): void {
    this.and(`rc.province_code = ${this.p.add(scope.provinceCode)}`);
    if (scope.communeCodes) this.and(`rc.commune_code = ANY(${this.p.add(scope.communeCodes)}::text[])`);
    if (scope.organizationId) this.and(`rc.organization_id = ${this.p.add(scope.organizationId)}::uuid`);
  }

  get conditions(): string {
    return this.clauses.length > 0 ? this.clauses.join(' AND ') : 'true';
  }

  statement(sql: (conditions: string) => string): Statement {
    return { sql: sql(this.conditions), params: this.p.values };
  }
}

const COUNT_CASES = (conditions: string): string =>
  `SELECT count(*)::int AS n, sum(rc.record_key)::text AS key_sum FROM reporting_cases rc WHERE ${conditions}`;

const COUNT_REFERRALS = (conditions: string): string =>
  `SELECT count(*)::int AS n, sum(rc.record_key)::text AS key_sum
     FROM reporting_referrals rf JOIN reporting_cases rc ON rc.case_id = rf.case_id WHERE ${conditions}`;

/** Cases received in the period (of these channels). */
export function casesReceived(scope: FigureScope, period: Period, channels?: string[]): Statement {
  const q = new Where();
  q.and(`rc.received_at >= ${q.p.add(period.from)} AND rc.received_at < ${q.p.add(period.to)}`);
  q.scope(scope);
  if (channels) q.and(`rc.channel = ANY(${q.p.add(channels)}::text[])`);
  return q.statement(COUNT_CASES);
}

/**
 * Distinct cases given the service in the period: by a completed referral or recorded on the case
 * (domain/services-given.sql.ts; any of them, for a list; any service at all, without the filter).
 */
export function survivorsServed(scope: FigureScope, period: Period, services?: string[]): Statement {
  const q = new Where();
  q.scope(scope);
  const given = services ? ` AND sg.service = ANY(${q.p.add(services)}::text[])` : '';
  const first = q.p.add(period.firstDay);
  const last = q.p.add(period.lastDay);
  q.and(
    `EXISTS (SELECT 1 FROM ${SERVICES_GIVEN} sg WHERE sg.case_id = rc.case_id` +
      ` AND sg.given_on BETWEEN ${first}::date AND ${last}::date${given})`,
  );
  return q.statement(COUNT_CASES);
}

/** Referrals sent in the period (asking for any of these services). */
export function referralsSent(scope: FigureScope, period: Period, services?: string[]): Statement {
  const q = new Where();
  q.and(`rf.sent_at >= ${q.p.add(period.from)} AND rf.sent_at < ${q.p.add(period.to)}`);
  q.scope(scope);
  if (services) q.and(`rf.services && ${q.p.add(services)}::text[]`);
  return q.statement(COUNT_REFERRALS);
}

/** Referrals completed in the period (having provided any of these services). */
export function referralsCompleted(scope: FigureScope, period: Period, services?: string[]): Statement {
  const q = new Where();
  q.and(`rf.status = 'completed'`);
  q.and(`rf.completed_on BETWEEN ${q.p.add(period.firstDay)}::date AND ${q.p.add(period.lastDay)}::date`);
  q.scope(scope);
  if (services) q.and(`rf.services_provided && ${q.p.add(services)}::text[]`);
  return q.statement(COUNT_REFERRALS);
}

/**
 * Days from the case's receipt (its Hanoi day) to its first completed service, over the cases whose first
 * completed service falls in the period: n and median.
 */
export function medianDaysToFirstService(scope: FigureScope, period: Period): Statement {
  const q = new Where();
  q.and(`rf.status = 'completed' AND cardinality(rf.services_provided) > 0`);
  q.scope(scope);
  const first = q.p.add(period.firstDay);
  const last = q.p.add(period.lastDay);
  return q.statement(
    (conditions) =>
      `WITH f AS (
         SELECT rc.case_id, min(rf.completed_on) - (rc.received_at AT TIME ZONE ${HANOI})::date AS days,
                min(rf.completed_on) AS first_on
           FROM reporting_referrals rf JOIN reporting_cases rc ON rc.case_id = rf.case_id
          WHERE ${conditions}
          GROUP BY rc.case_id, rc.received_at)
       SELECT count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY days)::float8 AS median
         FROM f WHERE first_on BETWEEN ${first}::date AND ${last}::date`,
  );
}

/** Follow-ups due in the period, cancelled ones aside; with `onTime`, the ones done by their due time. */
export function followUpsDue(
  scope: FigureScope,
  period: Period,
  kinds: string[] | undefined,
  onTime: boolean,
): Statement {
  const q = new Where();
  q.and(`f.due_at >= ${q.p.add(period.from)} AND f.due_at < ${q.p.add(period.to)}`);
  q.and(onTime ? `f.status = 'done' AND f.completed_at <= f.due_at` : `f.status <> 'cancelled'`);
  q.scope(scope);
  if (kinds) q.and(`f.kind = ANY(${q.p.add(kinds)}::text[])`);
  return q.statement(
    (conditions) =>
      `SELECT count(*)::int AS n, sum(rc.record_key)::text AS key_sum
         FROM reporting_follow_ups f JOIN reporting_cases rc ON rc.case_id = f.case_id WHERE ${conditions}`,
  );
}
