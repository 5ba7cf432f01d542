/**
 * Titles of notifications come from the `title` template of their type in
 * config/catalogues/notification-types.yaml. The only placeholders are {reference} (a case reference such
 * as HN-2026-000123) and {count}: a title never carries personal data, so it may appear on a lock screen,
 * in an e-mail subject or in a log line about the notification without harm.
 */
export const TITLE_PLACEHOLDERS = ['reference', 'count'] as const;
export type TitlePlaceholder = (typeof TITLE_PLACEHOLDERS)[number];

/** A case reference: prefix, year, sequence (docs/DESIGN.md §3). Nothing else may fill {reference}. */
export const CASE_REFERENCE = /^[A-Z]{2,8}-\d{4}-\d{6,}$/;

export class TitleTemplateError extends Error {}

/** The placeholders a template uses; throws on any other placeholder. */
export function placeholdersOf(template: string): TitlePlaceholder[] {
  const found = new Set<TitlePlaceholder>();
  for (const m of template.matchAll(/\{([^}]*)\}/g)) {
    const name = m[1] ?? '';
    if (!(TITLE_PLACEHOLDERS as readonly string[]).includes(name)) {
      throw new TitleTemplateError(
        `placeholder {${name}} is not allowed (only ${TITLE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`,
      );
    }
    found.add(name as TitlePlaceholder);
  }
  return [...found];
}

/**
 * Fills a title template. A placeholder without its value, or a reference that is not a case reference,
 * is a programming error of the caller and throws (never a half-filled or free-text title).
 */
export function renderTitle(
  template: string,
  values: { reference?: string | null; count?: number | null },
): string {
  for (const p of placeholdersOf(template)) {
    if (p === 'reference' && !values.reference) throw new TitleTemplateError('the title needs a reference');
    if (p === 'count' && (values.count === undefined || values.count === null)) {
      throw new TitleTemplateError('the title needs a count');
    }
  }
  if (values.reference !== undefined && values.reference !== null && !CASE_REFERENCE.test(values.reference)) {
    throw new TitleTemplateError('reference is not a case reference');
  }
  if (values.count !== undefined && values.count !== null && !Number.isInteger(values.count)) {
    throw new TitleTemplateError('count must be an integer');
  }
  return template.replace(/\{(reference|count)\}/g, (_, name: TitlePlaceholder) =>
    name === 'reference' ? (values.reference ?? '') : String(values.count ?? ''),
  );
}

/** A type's title in each language (config/catalogues/notification-types.yaml `title: { vi, en }`). */
export interface TitleTemplates {
  readonly vi: string;
  readonly en: string;
}

/**
 * The title templates of a catalogue item: both languages non-empty strings with the same placeholders,
 * each allowed; else throws naming what is wrong (the app stops at start-up).
 */
export function titleTemplatesOf(title: unknown): TitleTemplates {
  const t = title as Partial<Record<'vi' | 'en', unknown>> | null;
  if (!t || typeof t !== 'object') throw new TitleTemplateError('needs a title with vi and en');
  for (const lang of ['vi', 'en'] as const) {
    const text = t[lang];
    if (typeof text !== 'string' || text.trim() === '') throw new TitleTemplateError(`needs a ${lang} title`);
  }
  const vi = t.vi as string;
  const en = t.en as string;
  const a = placeholdersOf(vi).sort().join(',');
  const b = placeholdersOf(en).sort().join(',');
  if (a !== b) throw new TitleTemplateError('the vi and en titles must use the same placeholders');
  return { vi, en };
}
