import { PositionalParams, SqlValue } from '../../../platform/database';
import { CALLS_SUBJECT } from './call-subject.sql';
import type { Dimension, FigureScope, StatisticsQuery, Subject } from './statistics.types';
import { SERVICES_GIVEN } from './services-given.sql';

/**
 * The SQL of a statistics table, over the reporting views (migrations/…-ReportingViews.ts). Pure: a query
 * in, a statement and its parameters out. Every value is a parameter; only fixed fragments of this file
 * are spliced into the text.
 *
 * Each subject has a base (one row per unit counted, `unit`), the time its period applies to and the
 * dimensions it can be grouped by. A multi-valued dimension (violence types, acts, contexts, requested
 * services) joins one row per value; the units are then made distinct per cell, so a case with two
 * violence types counts once under each, and the total (a separate statement) counts it once.
 */

const HANOI = `'Asia/Ho_Chi_Minh'`;

/** Joins a dimension may need, in the order they are added. */
export type JoinName = 'incident' | 'violence' | 'act' | 'context' | 'requested';

export interface DimensionSql {
  expr: string;
  joins?: JoinName[];
}

export interface SubjectSql {
  from: string;
  unit: string;
  /** One row of the base per unit: no DISTINCT needed when no multi-valued join is added. */
  unique: boolean;
  /** The time condition over $1 (from, inclusive) and $2 (to, exclusive). */
  time: string;
  /** The month of a unit's time, YYYY-MM in Hanoi. */
  month: string;
  where?: string;
  /** Joins already in the base. */
  base: JoinName[];
  dimensions: Partial<Record<Dimension, DimensionSql>>;
}

const JOINS: Record<JoinName, { sql: string; needs?: JoinName; multi: boolean }> = {
  incident: { sql: 'LEFT JOIN reporting_incidents ri ON ri.case_id = rc.case_id', multi: true },
  violence: {
    sql: 'LEFT JOIN LATERAL unnest(ri.violence_types) AS vt(value) ON true',
    needs: 'incident',
    multi: true,
  },
  // $3 and $4: the catalogue's acts and their Law 13/2022 groups, as two parallel arrays.
  act: {
    sql:
      'LEFT JOIN LATERAL unnest(ri.dv_acts) AS da(value) ON true ' +
      'LEFT JOIN unnest($3::text[], $4::text[]) AS ag(act, grp) ON ag.act = da.value',
    needs: 'incident',
    multi: true,
  },
  context: { sql: 'LEFT JOIN LATERAL unnest(rc.context) AS cx(value) ON true', multi: true },
  requested: { sql: 'LEFT JOIN LATERAL unnest(rf.services) AS rs(value) ON true', multi: true },
};

/** Dimensions every subject has: those of the case (the survivor's, for sex, age group and disability). */
const CASE_DIMENSIONS: Partial<Record<Dimension, DimensionSql>> = {
  provinceCode: { expr: 'rc.province_code' },
  communeCode: { expr: 'rc.commune_code' },
  channel: { expr: 'rc.channel' },
  sex: { expr: 'rc.sex' },
  ageGroup: { expr: 'rc.age_group' },
  disability: { expr: `CASE WHEN rc.disability THEN 'yes' WHEN NOT rc.disability THEN 'no' END` },
  caseContext: { expr: 'cx.value', joins: ['context'] },
};

/** The case's incidents, for case-level subjects. */
const CASE_INCIDENT_DIMENSIONS: Partial<Record<Dimension, DimensionSql>> = {
  violenceType: { expr: 'vt.value', joins: ['violence'] },
  actGroup: { expr: 'ag.grp', joins: ['act'] },
  perpetratorRelationship: { expr: 'ri.perpetrator_relationship', joins: ['incident'] },
};

const RECEIVED = {
  time: 'rc.received_at >= $1 AND rc.received_at < $2',
  month: `to_char(rc.received_at AT TIME ZONE ${HANOI}, 'YYYY-MM')`,
};

const SUBJECTS: Record<Subject, SubjectSql> = {
  cases: {
    from: 'reporting_cases rc',
    unit: 'rc.case_id',
    unique: true,
    ...RECEIVED,
    base: [],
    dimensions: { ...CASE_DIMENSIONS, ...CASE_INCIDENT_DIMENSIONS },
  },
  // One survivor per case: a survivor is known to a case only, so two cases of the same person (at two
  // organisations) count twice; no identifying join is ever made to find out.
  survivors: {
    from: 'reporting_cases rc',
    unit: 'rc.case_id',
    unique: true,
    ...RECEIVED,
    base: [],
    dimensions: { ...CASE_DIMENSIONS, ...CASE_INCIDENT_DIMENSIONS },
  },
  incidents: {
    from: 'reporting_cases rc JOIN reporting_incidents ri ON ri.case_id = rc.case_id',
    unit: 'ri.incident_id',
    unique: true,
    ...RECEIVED,
    base: ['incident'],
    dimensions: { ...CASE_DIMENSIONS, ...CASE_INCIDENT_DIMENSIONS },
  },
  referrals: {
    from: 'reporting_referrals rf JOIN reporting_cases rc ON rc.case_id = rf.case_id',
    unit: 'rf.referral_id',
    unique: true,
    time: 'rf.sent_at >= $1 AND rf.sent_at < $2',
    month: `to_char(rf.sent_at AT TIME ZONE ${HANOI}, 'YYYY-MM')`,
    base: [],
    dimensions: {
      ...CASE_DIMENSIONS,
      ...CASE_INCIDENT_DIMENSIONS,
      service: { expr: 'rs.value', joins: ['requested'] },
      referralOutcome: { expr: 'rf.status' },
    },
  },
  // A service given: one per service of a completed referral or recorded on the case (services-given.sql.ts).
  services: {
    from: `${SERVICES_GIVEN} sg JOIN reporting_cases rc ON rc.case_id = sg.case_id`,
    unit: 'sg.unit_id',
    unique: false,
    time:
      `sg.given_on >= ($1::timestamptz AT TIME ZONE ${HANOI})::date ` +
      `AND sg.given_on < ($2::timestamptz AT TIME ZONE ${HANOI})::date`,
    month: `to_char(sg.given_on, 'YYYY-MM')`,
    base: [],
    dimensions: { ...CASE_DIMENSIONS, ...CASE_INCIDENT_DIMENSIONS, service: { expr: 'sg.service' } },
  },
  calls: CALLS_SUBJECT,
};

/** The dimensions a subject can be grouped by. */
export function dimensionsOf(subject: Subject): Dimension[] {
  const s = SUBJECTS[subject];
  return ['period', ...(Object.keys(s.dimensions) as Dimension[])];
}

/** Whether the subject can be grouped by the dimension. */
export const applies = (subject: Subject, d: Dimension): boolean =>
  d === 'period' || SUBJECTS[subject].dimensions[d] !== undefined;

/** The catalogue's acts and groups, bound as $3 and $4. */
export interface ActGroups {
  acts: string[];
  groups: string[];
}

export interface Statement {
  sql: string;
  params: SqlValue[];
}

function scopeWhere(scope: FigureScope, params: PositionalParams): string[] {
  const where: string[] = [];
  const province = params.add(scope.provinceCode);
  // The same rows as `rc.province_code = $n`, but PostgreSQL cannot estimate an equality on the view's
  // computed province and guesses 0.5 % of the cases (a city-wide table then gets a serial plan with one
  // index probe into incidents per case); over coalesce(…, false) it assumes half, which plans the
  // parallel hash joins. See docs/PERFORMANCE.md "Statistics (issue 7)".
  where.push(`coalesce(rc.province_code = ${province}, false)`);
  if (scope.communeCodes) where.push(`rc.commune_code = ANY(${params.add(scope.communeCodes)}::text[])`);
  if (scope.organizationId) where.push(`rc.organization_id = ${params.add(scope.organizationId)}::uuid`);
  return where;
}

function joinsFor(subject: SubjectSql, dims: Dimension[]): JoinName[] {
  const wanted = new Set<JoinName>();
  const add = (j: JoinName): void => {
    if (subject.base.includes(j) || wanted.has(j)) return;
    const need = JOINS[j].needs;
    if (need) add(need);
    wanted.add(j);
  };
  for (const d of dims) for (const j of subject.dimensions[d]?.joins ?? []) add(j);
  return [...wanted];
}

/**
 * The table in one statement: one row per non-empty cell (`total` false; columns d0…dn, text or null),
 * then one row for the total (`total` true): n (units) and key_sum (the sum of the units' record keys, as
 * text). Every unit of the base reaches the cells (all dimension joins are LEFT JOINs), so the total is
 * taken from the same distinct units — each once, whatever its dimension values — without a second scan.
 * Cells are ordered by their dimensions, nulls last.
 */
export function tableStatement(scope: FigureScope, query: StatisticsQuery, acts: ActGroups): Statement {
  const subject = SUBJECTS[query.subject];
  const joins = joinsFor(subject, query.groupBy);
  // $1 and $2 the period; $3 and $4 (the act join's arrays) only when that join is there: PostgreSQL must
  // know every type.
  const params = new PositionalParams();
  params.add(query.from);
  params.add(query.to);
  if (joins.includes('act')) {
    params.add(acts.acts);
    params.add(acts.groups);
  }
  const where = [subject.time, ...(subject.where ? [subject.where] : []), ...scopeWhere(scope, params)];
  const exprs = query.groupBy.map((d, i) => {
    const expr = d === 'period' ? subject.month : (subject.dimensions[d]?.expr ?? 'NULL');
    return `(${expr})::text AS d${i}`;
  });
  const cols = query.groupBy.map((_, i) => `d${i}`);
  const multi = joins.some((j) => JOINS[j].multi);
  // The unit leads the select list, so the DISTINCT sort compares the (almost unique) unit first and the
  // dimension texts rarely.
  const inner =
    `SELECT ${!subject.unique || multi ? 'DISTINCT ' : ''}` +
    [`${subject.unit} AS unit`, 'rc.record_key AS k', ...exprs].join(', ') +
    ` FROM ${subject.from} ${joins.map((j) => JOINS[j].sql).join(' ')}` +
    ` WHERE ${where.join(' AND ')}`;
  if (cols.length === 0) {
    return {
      sql: `SELECT true AS total, count(*)::int AS n, sum(k)::text AS key_sum FROM (${inner}) u`,
      params: params.values,
    };
  }
  // With a multi-valued dimension a unit has several rows in u: the total takes each unit once.
  const units = multi ? '(SELECT DISTINCT unit, k FROM u) t' : 'u';
  const sql =
    `WITH u AS MATERIALIZED (${inner}) ` +
    `SELECT false AS total, ${cols.join(', ')}, count(*)::int AS n, sum(k)::text AS key_sum FROM u GROUP BY ${cols.join(', ')} ` +
    `UNION ALL SELECT true, ${cols.map(() => 'NULL::text').join(', ')}, count(*)::int, sum(k)::text FROM ${units} ` +
    `ORDER BY total, ${cols.map((c) => `${c} NULLS LAST`).join(', ')}`;
  return { sql, params: params.values };
}
