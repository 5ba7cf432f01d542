import { declarePersonalData, json } from '../../platform/crypto';

/**
 * The personal data of the assessments module, declared once (docs/ARCHITECTURE.md "Personal data"): the
 * free-text answers of an assessment (question key → text), sealed together as one JSON object. Coded
 * answers (option keys, numbers, booleans, dates) are not personal data and stay in clear (`answers`).
 */
export const ASSESSMENT_DATA = declarePersonalData({
  table: 'assessments',
  idColumn: 'id',
  caseColumn: 'case_id',
  fields: { textAnswers: json<Record<string, string>>('text_answers_enc') },
});
