import { declarePersonalData, text } from '../../platform/crypto';

/**
 * The personal data of the plans module, declared once (docs/ARCHITECTURE.md "Personal data"): a plan's
 * return reason, a goal's text, an action's note and drop reason. The repositories write and read these
 * columns only through these declarations; key rotation and retention's erasure read them too.
 */
export const CASE_PLAN_DATA = declarePersonalData({
  table: 'case_plans',
  idColumn: 'id',
  caseColumn: 'case_id',
  fields: { returnReason: text('return_reason_enc') },
});

export const CASE_PLAN_GOAL_DATA = declarePersonalData({
  table: 'case_plan_goals',
  idColumn: 'id',
  caseColumn: 'case_id',
  fields: { text: text('goal_text_enc') },
});

export const CASE_PLAN_ACTION_DATA = declarePersonalData({
  table: 'case_plan_actions',
  idColumn: 'id',
  caseColumn: 'case_id',
  fields: { note: text('note_enc'), dropReason: text('drop_reason_enc') },
});
