import type { DataSource } from 'typeorm';
import { keySumOf } from '../domain/disclosure';
import type { FigureScope } from '../domain/statistics.types';
import { keysOf } from './measure';
import type { Measure, MeasureRequest, MeasureValue } from './measure';

const HANOI = `'Asia/Ho_Chi_Minh'`;

/** Collects parameters and WHERE clauses; every value is a parameter. */
class Sql {
  readonly params: unknown[] = [];
  readonly where: string[] = [];

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  and(clause: string): void {
    this.where.push(clause);
  }

  scope(scope: FigureScope): void {
    this.and(`rc.province_code = ${this.param(scope.provinceCode)}`);
    if (scope.communeCodes) this.and(`rc.commune_code = ANY(${this.param(scope.communeCodes)}::text[])`);
    if (scope.organizationId) this.and(`rc.organization_id = ${this.param(scope.organizationId)}::uuid`);
  }

  get conditions(): string {
    return this.where.length > 0 ? this.where.join(' AND ') : 'true';
  }
}

interface CountRow {
  n: number;
  key_sum: string | null;
}

async function countOf(ds: DataSource, sql: string, params: unknown[]): Promise<MeasureValue> {
  const [row] = await ds.query<CountRow[]>(sql, params);
  return { kind: 'count', count: row?.n ?? 0, keySum: keySumOf(row?.key_sum) };
}

/**
 * The measures over cases, referrals and follow-ups (through the reporting views). Each counts records
 * about people and returns its key sum, so the caller publishes it under the cell-key rule. The case's
 * commune, province and organisation place every record (docs/DESIGN.md §6: the survivor's commune).
 */
export function caseMeasures(ds: DataSource): Measure[] {
  return [
    {
      id: 'cases.received',
      filters: { channel: { kind: 'catalogue', catalogue: 'channels' } },
      evaluate: ({ scope, period, filters }: MeasureRequest) => {
        const q = new Sql();
        q.and(`rc.received_at >= ${q.param(period.from)} AND rc.received_at < ${q.param(period.to)}`);
        q.scope(scope);
        const channels = keysOf(filters.channel);
        if (channels) q.and(`rc.channel = ANY(${q.param(channels)}::text[])`);
        return countOf(
          ds,
          `SELECT count(*)::int AS n, sum(rc.record_key)::text AS key_sum FROM reporting_cases rc WHERE ${q.conditions}`,
          q.params,
        );
      },
    },
    {
      // Distinct cases given the service: a completed referral, completed in the period, whose services
      // provided contain it (any of them, for a list; any service at all, without the filter).
      id: 'survivors.served',
      filters: { service: { kind: 'catalogue', catalogue: 'services' } },
      evaluate: ({ scope, period, filters }: MeasureRequest) => {
        const q = new Sql();
        q.scope(scope);
        const services = keysOf(filters.service);
        const given = services
          ? `rf.services_provided && ${q.param(services)}::text[]`
          : 'cardinality(rf.services_provided) > 0';
        const first = q.param(period.firstDay);
        const last = q.param(period.lastDay);
        q.and(
          `EXISTS (SELECT 1 FROM reporting_referrals rf WHERE rf.case_id = rc.case_id AND rf.status = 'completed'` +
            ` AND rf.completed_on BETWEEN ${first}::date AND ${last}::date AND ${given})`,
        );
        return countOf(
          ds,
          `SELECT count(*)::int AS n, sum(rc.record_key)::text AS key_sum FROM reporting_cases rc WHERE ${q.conditions}`,
          q.params,
        );
      },
    },
    {
      id: 'referrals.sent',
      filters: { service: { kind: 'catalogue', catalogue: 'services' } },
      evaluate: ({ scope, period, filters }: MeasureRequest) => {
        const q = new Sql();
        q.and(`rf.sent_at >= ${q.param(period.from)} AND rf.sent_at < ${q.param(period.to)}`);
        q.scope(scope);
        const services = keysOf(filters.service);
        if (services) q.and(`rf.services && ${q.param(services)}::text[]`);
        return countOf(
          ds,
          `SELECT count(*)::int AS n, sum(rc.record_key)::text AS key_sum
             FROM reporting_referrals rf JOIN reporting_cases rc ON rc.case_id = rf.case_id WHERE ${q.conditions}`,
          q.params,
        );
      },
    },
    {
      id: 'referrals.completed',
      filters: { service: { kind: 'catalogue', catalogue: 'services' } },
      evaluate: ({ scope, period, filters }: MeasureRequest) => {
        const q = new Sql();
        q.and(`rf.status = 'completed'`);
        q.and(
          `rf.completed_on BETWEEN ${q.param(period.firstDay)}::date AND ${q.param(period.lastDay)}::date`,
        );
        q.scope(scope);
        const services = keysOf(filters.service);
        if (services) q.and(`rf.services_provided && ${q.param(services)}::text[]`);
        return countOf(
          ds,
          `SELECT count(*)::int AS n, sum(rc.record_key)::text AS key_sum
             FROM reporting_referrals rf JOIN reporting_cases rc ON rc.case_id = rf.case_id WHERE ${q.conditions}`,
          q.params,
        );
      },
    },
    {
      // Days from the case's receipt (its Hanoi day) to its first completed service, over the cases whose
      // first completed service falls in the period.
      id: 'referrals.median_days_to_first_service',
      filters: {},
      evaluate: async ({ scope, period }: MeasureRequest) => {
        const q = new Sql();
        q.and(`rf.status = 'completed' AND cardinality(rf.services_provided) > 0`);
        q.scope(scope);
        const first = q.param(period.firstDay);
        const last = q.param(period.lastDay);
        const [row] = await ds.query<{ n: number; median: number | null }[]>(
          `WITH f AS (
             SELECT rc.case_id, min(rf.completed_on) - (rc.received_at AT TIME ZONE ${HANOI})::date AS days,
                    min(rf.completed_on) AS first_on
               FROM reporting_referrals rf JOIN reporting_cases rc ON rc.case_id = rf.case_id
              WHERE ${q.conditions}
              GROUP BY rc.case_id, rc.received_at)
           SELECT count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY days)::float8 AS median
             FROM f WHERE first_on BETWEEN ${first}::date AND ${last}::date`,
          q.params,
        );
        return { kind: 'median', median: row?.median ?? null, cases: row?.n ?? 0 };
      },
    },
    {
      // Follow-ups due in the period, cancelled ones aside.
      id: 'follow_ups.due',
      filters: { kind: { kind: 'catalogue', catalogue: 'follow-up-kinds' } },
      evaluate: ({ scope, period, filters }: MeasureRequest) => followUps(ds, scope, period, filters, false),
    },
    {
      // Of those, the ones done by their due time.
      id: 'follow_ups.done_on_time',
      filters: { kind: { kind: 'catalogue', catalogue: 'follow-up-kinds' } },
      evaluate: ({ scope, period, filters }: MeasureRequest) => followUps(ds, scope, period, filters, true),
    },
  ];
}

function followUps(
  ds: DataSource,
  scope: FigureScope,
  period: MeasureRequest['period'],
  filters: MeasureRequest['filters'],
  onTime: boolean,
): Promise<MeasureValue> {
  const q = new Sql();
  q.and(`f.due_at >= ${q.param(period.from)} AND f.due_at < ${q.param(period.to)}`);
  q.and(onTime ? `f.status = 'done' AND f.completed_at <= f.due_at` : `f.status <> 'cancelled'`);
  q.scope(scope);
  const kinds = keysOf(filters.kind);
  if (kinds) q.and(`f.kind = ANY(${q.param(kinds)}::text[])`);
  return countOf(
    ds,
    `SELECT count(*)::int AS n, sum(rc.record_key)::text AS key_sum
       FROM reporting_follow_ups f JOIN reporting_cases rc ON rc.case_id = f.case_id WHERE ${q.conditions}`,
    q.params,
  );
}
