import { ArrayNotEmpty, IsArray, IsObject, Matches } from 'class-validator';
import { checkSettings, parseSettings, SettingsSchema } from '../../../platform/config/settings-file';
import type { PdfBlock, PdfDocumentSpec } from '../../../platform/pdf';
import { CalendarDate, hanoiDateOf } from '../../../platform/time';

/**
 * The notice a trusted address sends the commune People's Committee when it admits a survivor
 * (Law 13/2022/QH15 Art. 36), built from plain facts. The survivor's identity appears only when the
 * caller passes it, i.e. when her consent names the commune office; otherwise a sentence says it is
 * withheld. The wording is data (config/commune-notice.yaml), to be reviewed by practitioners.
 */

/** The survivor's fields the notice may carry: her identity, nothing about the violence. */
export const NOTICE_IDENTITY_FIELDS = ['fullName', 'birthYear', 'addressDetail', 'nationalId'] as const;
export type NoticeIdentityField = (typeof NOTICE_IDENTITY_FIELDS)[number];

/** Only the keys present are printed (those the consent names); null means "named but not recorded". */
export type NoticeIdentity = Partial<Record<NoticeIdentityField, string | number | null>>;

export interface CommuneNoticeFacts {
  trustedAddress: { name: string; addressText: string | null; phone: string | null };
  /** The commune-level unit of the trusted address, e.g. { code: '00070', fullName: 'Phường Hoàn Kiếm' }. */
  commune: { code: string; fullName: string };
  /** Where the notice is written (the province's name, e.g. "Hà Nội"). */
  place: string;
  admittedAt: Date;
  issuedAt: Date;
  caseReference: string;
  /** Null: her consent does not name the commune office, so her identity is withheld. */
  identity: NoticeIdentity | null;
}

export interface CommuneNoticeWording {
  nationalName: string;
  motto: string;
  title: string;
  subtitle: string;
  recipient: string;
  legalBasis: string[];
  received: string;
  lawAsks: string[];
  identityIntro: string;
  identityWithheld: string;
  identityLabels: Record<NoticeIdentityField, string>;
  contactLabels: { addressText: string; phone: string };
  placeDate: string;
  signatureTitle: string;
  signatureHint: string;
  recipientsTitle: string;
  recipients: string[];
  confidential: string;
  pageNumbers: string;
  referenceLine: string;
}

export interface CommuneNoticeConfig {
  /** Provider types whose stays get the notice. */
  providerTypes: string[];
  law: string;
  wording: CommuneNoticeWording;
}

const TEXTS = [
  'nationalName',
  'motto',
  'title',
  'subtitle',
  'recipient',
  'received',
  'identityIntro',
  'identityWithheld',
  'placeDate',
  'signatureTitle',
  'signatureHint',
  'recipientsTitle',
  'confidential',
  'pageNumbers',
  'referenceLine',
] as const;
const LISTS = ['legalBasis', 'lawAsks', 'recipients'] as const;
const MAPS = {
  identityLabels: NOTICE_IDENTITY_FIELDS,
  contactLabels: ['addressText', 'phone'],
} as const;
/** Placeholders each text may use; anything else in braces is a typo that would print as is. */
const PLACEHOLDERS = new Set([
  'trustedAddress',
  'commune',
  'date',
  'reference',
  'law',
  'place',
  'day',
  'month',
  'year',
  'page',
  'pages',
]);

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** The settings of config/commune-notice.yaml as written (the declared schema; the order of its problems). */
class CommuneNoticeSettings {
  @IsArray({ message: 'providerTypes must be a non-empty list of organisation types' })
  @ArrayNotEmpty({ message: 'providerTypes must be a non-empty list of organisation types' })
  providerTypes!: string[];

  @Matches(/\S/, { message: 'law must be a text' })
  law!: string;

  @IsObject({ message: 'wording must be a mapping' })
  wording!: CommuneNoticeWording;
}

/** The wording's texts, lists and label maps, and the placeholders its texts may use. */
function wordingProblems(w: unknown): string[] {
  if (w === null || typeof w !== 'object' || Array.isArray(w)) return [];
  const problems: string[] = [];
  const wording = w as Record<string, unknown>;
  const known = new Set<string>([...TEXTS, ...LISTS, ...Object.keys(MAPS)]);
  for (const key of Object.keys(wording))
    if (!known.has(key)) problems.push(`wording.${key} is not a setting`);
  const checkPlaceholders = (where: string, value: string): void => {
    for (const [, name] of value.matchAll(/\{(\w+)\}/g)) {
      if (name && !PLACEHOLDERS.has(name)) problems.push(`wording.${where}: {${name}} is not a placeholder`);
    }
  };
  for (const key of TEXTS) {
    const v = wording[key];
    if (!isText(v)) problems.push(`wording.${key} must be a text`);
    else checkPlaceholders(key, v);
  }
  for (const key of LISTS) {
    const v = wording[key];
    if (!Array.isArray(v) || v.length === 0 || !v.every(isText)) {
      problems.push(`wording.${key} must be a non-empty list of texts`);
    } else
      v.forEach((t: string, n) => {
        checkPlaceholders(`${key}.${n}`, t);
      });
  }
  for (const [key, fields] of Object.entries(MAPS)) {
    const v = wording[key];
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      problems.push(`wording.${key} must be a mapping of ${fields.join(', ')}`);
      continue;
    }
    for (const f of fields) {
      if (!isText((v as Record<string, unknown>)[f])) problems.push(`wording.${key}.${f} must be a text`);
    }
  }
  return problems;
}

function communeNoticeSchema(organizationTypes: readonly string[]): SettingsSchema<CommuneNoticeSettings> {
  return {
    type: CommuneNoticeSettings,
    listKnown: false,
    checks: {
      providerTypes: (types) =>
        Array.isArray(types)
          ? types.flatMap((t: unknown, n) =>
              typeof t === 'string' && organizationTypes.includes(t)
                ? []
                : [`providerTypes.${n} is not an organisation type (${organizationTypes.join(', ')})`],
            )
          : [],
      wording: wordingProblems,
    },
  };
}

/** Every problem of config/commune-notice.yaml's text (empty when none), each naming the setting. */
export function communeNoticeConfigProblems(text: string, organizationTypes: readonly string[]): string[] {
  return checkSettings(text, communeNoticeSchema(organizationTypes)).problems;
}

export class CommuneNoticeConfigError extends Error {
  override readonly name = 'CommuneNoticeConfigError';
}

/** The checked configuration; CommuneNoticeConfigError naming the file and every problem otherwise. */
export function parseCommuneNoticeConfig(
  file: string,
  text: string,
  organizationTypes: readonly string[],
): CommuneNoticeConfig {
  const doc = parseSettings(
    file,
    text,
    communeNoticeSchema(organizationTypes),
    (m) => new CommuneNoticeConfigError(m),
  );
  return { providerTypes: [...new Set(doc.providerTypes)], law: doc.law, wording: doc.wording };
}

/** The Hanoi calendar day of an instant. */
export function hanoiDay(instant: Date): CalendarDate {
  return hanoiDateOf(instant);
}

const two = (n: number): string => String(n).padStart(2, '0');

/** "05/11/2026": the admission day as Vietnamese documents write dates in running text. */
export function vietnameseDate(instant: Date): string {
  const d = hanoiDay(instant);
  return `${two(d.day)}/${two(d.month)}/${d.year}`;
}

const fill = (template: string, values: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

/** "Phường Hoàn Kiếm" → "phường Hoàn Kiếm", as it reads after "Ủy ban nhân dân". */
export function communeInSentence(fullName: string): string {
  const [first = '', ...rest] = fullName.trim().split(/\s+/);
  return [first.toLocaleLowerCase('vi'), ...rest].join(' ');
}

/** The notice as a document for the PDF renderer. */
export function buildCommuneNotice(facts: CommuneNoticeFacts, config: CommuneNoticeConfig): PdfDocumentSpec {
  const w = config.wording;
  const issued = hanoiDay(facts.issuedAt);
  const values: Record<string, string> = {
    trustedAddress: facts.trustedAddress.name,
    commune: communeInSentence(facts.commune.fullName),
    date: vietnameseDate(facts.admittedAt),
    reference: facts.caseReference,
    law: config.law,
    place: facts.place,
    // Decree 30/2020 style: days below 10 and the months January and February take a leading zero.
    day: two(issued.day),
    month: issued.month <= 2 ? two(issued.month) : String(issued.month),
    year: String(issued.year),
  };
  const t = (template: string): string => fill(template, values);

  const contact: { label: string; value: string }[] = [];
  if (facts.trustedAddress.addressText) {
    contact.push({ label: w.contactLabels.addressText, value: facts.trustedAddress.addressText });
  }
  if (facts.trustedAddress.phone)
    contact.push({ label: w.contactLabels.phone, value: facts.trustedAddress.phone });

  const identity: PdfBlock[] = [];
  const shown = facts.identity
    ? NOTICE_IDENTITY_FIELDS.filter((f) => facts.identity && f in facts.identity)
    : [];
  if (facts.identity && shown.length > 0) {
    const person = facts.identity;
    identity.push({ kind: 'paragraph', text: t(w.identityIntro) });
    identity.push({
      kind: 'keyValues',
      items: shown.map((f) => {
        const v = person[f];
        return {
          label: w.identityLabels[f],
          value: v === null || v === undefined || v === '' ? '—' : String(v),
        };
      }),
    });
  } else {
    identity.push({ kind: 'paragraph', text: t(w.identityWithheld), italic: true });
  }

  return {
    // The metadata names the kind of document only: no name, no commune, no reference.
    title: `${w.title} ${w.subtitle.charAt(0).toLocaleLowerCase('vi')}${w.subtitle.slice(1)}`,
    language: 'vi-VN',
    blocks: [
      {
        kind: 'columns',
        leftWeight: 0.6,
        left: [
          { text: facts.trustedAddress.name.toLocaleUpperCase('vi'), bold: true },
          { text: t(w.referenceLine), size: 10 },
        ],
        right: [
          { text: w.nationalName, bold: true, size: 10 },
          { text: w.motto, bold: true },
        ],
      },
      {
        kind: 'columns',
        leftWeight: 0.6,
        left: [],
        right: [{ text: t(w.placeDate), italic: true }],
      },
      { kind: 'spacer' },
      { kind: 'heading', text: w.title, size: 15 },
      { kind: 'heading', text: w.subtitle, size: 13 },
      { kind: 'spacer' },
      { kind: 'paragraph', text: t(w.recipient), align: 'center', bold: true },
      { kind: 'spacer', lines: 0.5 },
      ...w.legalBasis.map((text): PdfBlock => ({
        kind: 'paragraph',
        text: t(text),
        italic: true,
        indent: 28,
      })),
      { kind: 'paragraph', text: t(w.received), indent: 28 },
      ...(contact.length > 0 ? [{ kind: 'keyValues', items: contact } satisfies PdfBlock] : []),
      ...w.lawAsks.map((text): PdfBlock => ({ kind: 'paragraph', text: t(text), indent: 28 })),
      ...identity,
      { kind: 'spacer' },
      {
        kind: 'columns',
        leftWeight: 1,
        left: [
          { text: w.recipientsTitle, bold: true, italic: true, size: 10 },
          ...w.recipients.map((text) => ({ text: t(text), size: 10 })),
        ],
        right: [
          { text: w.signatureTitle, bold: true },
          { text: w.signatureHint, italic: true, size: 10 },
        ],
      },
    ],
    footer: { text: w.confidential, pageNumbers: w.pageNumbers },
  };
}
