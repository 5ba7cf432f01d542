import { declarePersonalData, text } from '../../platform/crypto';

/**
 * The activities module's personal data, declared once (docs/ARCHITECTURE.md "Personal data"): an
 * activity's notes, which may name people; shown one activity at a time, each read audited.
 */
export const ACTIVITY_DATA = declarePersonalData({
  table: 'activities',
  idColumn: 'id',
  fields: { notes: text('notes_enc') },
});
