import { declarePersonalData, json, text } from '../../platform/crypto';

/**
 * The personal data of the safety plan and of the services given (issue 15), declared once
 * (docs/ARCHITECTURE.md "Personal data, declared once" and "Safety plan and services given").
 */

/** A person the survivor trusts: who, how they are related, how to reach them. */
export interface TrustedPersonValue {
  name: string;
  relationship: string;
  howToReach: string;
}

/** An emergency number kept in the plan (prefilled from config/catalogues/emergency-numbers.yaml). */
export interface EmergencyNumberValue {
  label: string;
  number: string;
}

/** Every free text of a safety plan's version, sealed as one JSON value. */
export interface SafetyPlanContentValue {
  warningSigns: string;
  safePlaces: string;
  trustedPeople: TrustedPersonValue[];
  leavingOther: string;
  emergencyNumbers: EmergencyNumberValue[];
  steps: string;
}

export const EMPTY_SAFETY_PLAN: SafetyPlanContentValue = {
  warningSigns: '',
  safePlaces: '',
  trustedPeople: [],
  leavingOther: '',
  emergencyNumbers: [],
  steps: '',
};

export const SAFETY_PLAN_DATA = declarePersonalData({
  table: 'safety_plan_versions',
  idColumn: 'id',
  caseColumn: 'case_id',
  // NOT NULL: erasure leaves an encrypted empty plan.
  fields: { content: json<SafetyPlanContentValue>('content_enc', { erasedTo: EMPTY_SAFETY_PLAN }) },
});

export const CASE_SERVICE_DATA = declarePersonalData({
  table: 'case_services',
  idColumn: 'id',
  caseColumn: 'case_id',
  fields: { note: text('note_enc') },
});
