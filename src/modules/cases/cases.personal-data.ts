import { CryptoService, declarePersonalData, integer, json, PlainPatch, text } from '../../platform/crypto';

/**
 * The personal data of the cases module, declared once (docs/ARCHITECTURE.md "Personal data"): each
 * record's protected fields by their API name, with the encrypted column (context "<table>.<column>") and
 * the blind indexes computed from them. Repositories write and read these columns only through these
 * declarations; key rotation, retention's erasure, the seed's pools and the pg_dump marker test read them.
 */

/** A survivor's guardian (children), one encrypted JSON value. */
export interface GuardianValue {
  fullName: string | null;
  phone: string | null;
}

const survivorFields = {
  fullName: text('full_name_enc'),
  /** E.164 phones; one blind index per phone in phone_indexes (re-indexed by the case module). */
  phones: json<string[]>('phones_enc', { elementIndex: { column: 'phone_indexes', kind: 'phone' } }),
  birthYear: integer('birth_year_enc'),
  dateOfBirth: text('date_of_birth_enc'),
  nationalId: text('national_id_enc', { index: { column: 'national_id_index', kind: 'national_id' } }),
  addressDetail: text('address_detail_enc'),
  guardian: json<GuardianValue>('guardian_enc'),
  safeTimes: text('safe_times_enc'),
  codeWord: text('code_word_enc'),
  safeContactNotes: text('safe_contact_notes_enc'),
};

export const SURVIVOR_DATA = declarePersonalData({
  table: 'survivors',
  idColumn: 'case_id',
  caseColumn: 'case_id',
  fields: survivorFields,
  derivedIndexes: [
    {
      // Duplicate detection: name + birth year together (recomputed by the case module, not rotation).
      column: 'name_birth_year_index',
      from: ['fullName', 'birthYear'],
      compute: (crypto: CryptoService, v: PlainPatch<typeof survivorFields>) =>
        v.fullName && v.birthYear !== null && v.birthYear !== undefined
          ? (crypto.nameBirthYearIndex(v.fullName, v.birthYear) ?? null)
          : null,
    },
    {
      column: 'guardian_phone_index',
      from: ['guardian'],
      compute: (crypto: CryptoService, v: PlainPatch<typeof survivorFields>) =>
        v.guardian?.phone ? (crypto.phoneIndex(v.guardian.phone) ?? null) : null,
    },
  ],
});

export const REPORTER_DATA = declarePersonalData({
  table: 'reporters',
  idColumn: 'case_id',
  caseColumn: 'case_id',
  fields: {
    fullName: text('full_name_enc'),
    phone: text('phone_enc', { index: { column: 'phone_index', kind: 'phone' } }),
  },
});

/** The free text of a closure request kept on the case row while it is pending. */
export const CASE_DATA = declarePersonalData({
  table: 'cases',
  idColumn: 'id',
  caseColumn: 'id',
  fields: { closureReasonText: text('closure_reason_text_enc') },
});

export const RISK_ASSESSMENT_DATA = declarePersonalData({
  table: 'risk_assessments',
  idColumn: 'id',
  caseColumn: 'case_id',
  // NOT NULL: erasure leaves an encrypted empty answer set.
  fields: { answers: json<Record<string, unknown>>('answers_enc', { erasedTo: {} }) },
});

export const CONSENT_DATA = declarePersonalData({
  table: 'consents',
  idColumn: 'id',
  caseColumn: 'case_id',
  fields: { withdrawalReason: text('withdrawal_reason_enc') },
});

export const NOTE_DATA = declarePersonalData({
  table: 'notes',
  idColumn: 'id',
  caseColumn: 'case_id',
  // NOT NULL: erasure leaves an encrypted empty text.
  fields: { text: text('text_enc', { erasedTo: '' }) },
});

export const PROTECTION_MEASURE_DATA = declarePersonalData({
  table: 'protection_measures',
  idColumn: 'id',
  caseColumn: 'case_id',
  fields: { note: text('note_enc') },
});

export const TRANSITION_DATA = declarePersonalData({
  table: 'case_transitions',
  idColumn: 'id',
  caseColumn: 'case_id',
  fields: { reasonText: text('reason_text_enc') },
});

export const CLOSURE_REQUEST_DATA = declarePersonalData({
  table: 'closure_requests',
  idColumn: 'id',
  caseColumn: 'case_id',
  fields: { reasonText: text('reason_text_enc'), decisionReason: text('decision_reason_enc') },
});

/** Declared in its own file; re-exported here so that retention's erasure (CASE_TIED_DATA) covers it. */
export { CASE_TRANSFER_DATA } from './transfers.personal-data';
