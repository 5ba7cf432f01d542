import { onDropMemory } from '../../app/memory';
import { incidentDate } from './identity';

/** The intake being typed during a call: in memory only, kept across screens until saved or a new call. */
export interface Draft {
  /** One per form: a retry or a double click sends the same key, so the API makes one case. */
  idempotencyKey: string;
  channel: string;
  sex: string;
  violenceTypes: string[];
  fullName: string;
  phone: string;
  nationalId: string;
  birthYear: string;
  communeCode: string | null;
  canCall: boolean;
  canText: boolean;
  canLeaveMessage: boolean;
  phoneSharedWithPerpetrator: boolean;
  safeTimes: string;
  codeWord: string;
  /** A third party calling (neighbour, relative…): the reporter, kept apart from the survivor. */
  thirdParty: boolean;
  reporterRelationship: string | null;
  reporterName: string;
  reporterPhone: string;
  /** dd/MM/yyyy (exact), MM/yyyy or yyyy (approximate): see incidentDate. */
  incidentDate: string;
  placeType: string | null;
  perpetratorRelationship: string | null;
  /** The safe house chosen during the call and why it cannot wait for consent; sent after saving. */
  emergency: { providerId: string | null; services: string[]; reason: string; idempotencyKey: string };
  risk: Record<string, boolean | number>;
  note: string;
}

export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; the same 122 random bits otherwise.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function emptyDraft(): Draft {
  return {
    idempotencyKey: newKey(),
    channel: 'hotline',
    sex: '',
    violenceTypes: [],
    fullName: '',
    phone: '',
    nationalId: '',
    birthYear: '',
    communeCode: null,
    canCall: false,
    canText: false,
    canLeaveMessage: false,
    phoneSharedWithPerpetrator: false,
    safeTimes: '',
    codeWord: '',
    thirdParty: false,
    reporterRelationship: null,
    reporterName: '',
    reporterPhone: '',
    incidentDate: '',
    placeType: null,
    perpetratorRelationship: null,
    emergency: { providerId: null, services: [], reason: '', idempotencyKey: newKey() },
    risk: {},
    note: '',
  };
}

/** What the API answered on saving: kept with the draft, so leaving the screen keeps the read-back. */
export interface Saved {
  id: string;
  reference: string;
  riskLevel: string | null;
  possibleDuplicates: { reference: string }[];
}

let draft: Draft = emptyDraft();
let saved: Saved | null = null;
onDropMemory(() => {
  draft = emptyDraft();
  saved = null;
});

export const drafts = {
  get: (): Draft => draft,
  set: (next: Draft): void => {
    draft = next;
  },
  saved: (): Saved | null => saved,
  setSaved: (s: Saved | null): void => {
    saved = s;
  },
  reset: (): Draft => {
    saved = null;
    return (draft = emptyDraft());
  },
};

/** The intake body for POST /api/v1/cases: only what was filled in. */
export function toIntake(d: Draft) {
  const year = Number(d.birthYear);
  const text = (v: string) => v.trim() || undefined;
  const rules = {
    ...(d.canCall ? { canCall: true } : {}),
    ...(d.canText ? { canText: true } : {}),
    ...(d.canLeaveMessage ? { canLeaveMessage: true } : {}),
    ...(d.phoneSharedWithPerpetrator ? { phoneSharedWithPerpetrator: true } : {}),
    ...(text(d.safeTimes) ? { safeTimes: text(d.safeTimes) } : {}),
    ...(text(d.codeWord) ? { codeWord: text(d.codeWord) } : {}),
  };
  // Once any rule is given, the unticked ones are a "no", not an unknown.
  const safeContact = Object.keys(rules).length
    ? {
        canCall: d.canCall,
        canText: d.canText,
        canLeaveMessage: d.canLeaveMessage,
        phoneSharedWithPerpetrator: d.phoneSharedWithPerpetrator,
        ...rules,
      }
    : undefined;
  const occurredOn = incidentDate(d.incidentDate);
  const reporter =
    d.thirdParty && d.reporterRelationship
      ? {
          relationship: d.reporterRelationship,
          ...(text(d.reporterName) ? { fullName: text(d.reporterName) } : {}),
          ...(text(d.reporterPhone) ? { phone: text(d.reporterPhone) } : {}),
        }
      : undefined;
  return {
    channel: d.channel,
    survivor: {
      sex: d.sex,
      ...(text(d.fullName) ? { fullName: text(d.fullName) } : {}),
      ...(text(d.phone) ? { phones: [text(d.phone)] } : {}),
      ...(text(d.nationalId) ? { nationalId: text(d.nationalId) } : {}),
      ...(d.birthYear && Number.isInteger(year) ? { birthYear: year } : {}),
      ...(d.communeCode ? { communeCode: d.communeCode } : {}),
      ...(safeContact ? { safeContact } : {}),
    },
    ...(reporter ? { reporter } : {}),
    incident: {
      violenceTypes: d.violenceTypes,
      ...(d.communeCode ? { communeCode: d.communeCode } : {}),
      ...(occurredOn ? { occurredOn } : {}),
      ...(d.placeType ? { placeType: d.placeType } : {}),
      ...(d.perpetratorRelationship ? { perpetrator: { relationship: d.perpetratorRelationship } } : {}),
    },
    ...(Object.keys(d.risk).length ? { risk: { answers: d.risk } } : {}),
    ...(text(d.note) ? { note: text(d.note) } : {}),
  };
}
