import type { SubjectSql } from './statistics.sql';

const HANOI = `'Asia/Ho_Chi_Minh'`;

/**
 * Calls (issue 15, item 9): one unit per call logged, with a case or without, dated by its start, over the
 * calls module's read model `call_facts` (no personal column). The view is aliased `rc` as the case
 * subjects' base is, so the scope (province, organisation) and the cell key (`record_key`, a random key
 * per call) apply unchanged; a call has no commune, so a table narrowed to communes counts no call.
 */
export const CALLS_SUBJECT: SubjectSql = {
  from: 'call_facts rc',
  unit: 'rc.call_id',
  unique: true,
  time: 'rc.started_at >= $1 AND rc.started_at < $2',
  month: `to_char(rc.started_at AT TIME ZONE ${HANOI}, 'YYYY-MM')`,
  base: [],
  dimensions: {
    channel: { expr: 'rc.channel' },
    callCategory: { expr: 'rc.category' },
    callOutcome: { expr: 'rc.outcome' },
  },
};
