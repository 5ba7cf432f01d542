import { onDropMemory } from '../../app/memory';

/** The intake being typed during a call: in memory only, kept across screens until saved or a new call. */
export interface Draft {
  /** One per form: a retry or a double click sends the same key, so the API makes one case. */
  idempotencyKey: string;
  channel: string;
  sex: string;
  violenceTypes: string[];
  fullName: string;
  phone: string;
  birthYear: string;
  communeCode: string | null;
  canCall: boolean;
  canText: boolean;
  phoneSharedWithPerpetrator: boolean;
  reporterRelationship: string | null;
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
    birthYear: '',
    communeCode: null,
    canCall: false,
    canText: false,
    phoneSharedWithPerpetrator: false,
    reporterRelationship: null,
    risk: {},
    note: '',
  };
}

let draft: Draft = emptyDraft();
onDropMemory(() => {
  draft = emptyDraft();
});

export const drafts = {
  get: (): Draft => draft,
  set: (next: Draft): void => {
    draft = next;
  },
  reset: (): Draft => (draft = emptyDraft()),
};

/** The intake body for POST /api/v1/cases: only what was filled in. */
export function toIntake(d: Draft) {
  const year = Number(d.birthYear);
  const safeContact =
    d.canCall || d.canText || d.phoneSharedWithPerpetrator
      ? { canCall: d.canCall, canText: d.canText, phoneSharedWithPerpetrator: d.phoneSharedWithPerpetrator }
      : undefined;
  return {
    channel: d.channel,
    survivor: {
      sex: d.sex,
      ...(d.fullName.trim() ? { fullName: d.fullName.trim() } : {}),
      ...(d.phone.trim() ? { phones: [d.phone.trim()] } : {}),
      ...(d.birthYear && Number.isInteger(year) ? { birthYear: year } : {}),
      ...(d.communeCode ? { communeCode: d.communeCode } : {}),
      ...(safeContact ? { safeContact } : {}),
    },
    ...(d.reporterRelationship ? { reporter: { relationship: d.reporterRelationship } } : {}),
    incident: { violenceTypes: d.violenceTypes, ...(d.communeCode ? { communeCode: d.communeCode } : {}) },
    ...(Object.keys(d.risk).length ? { risk: { answers: d.risk } } : {}),
    ...(d.note.trim() ? { note: d.note.trim() } : {}),
  };
}
