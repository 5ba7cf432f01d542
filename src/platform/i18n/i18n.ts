import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readYaml } from '../config/settings-file';
import { configDir } from '../config/app-root';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'vi';

type Messages = Record<string, string>;
let loaded: Record<Language, Messages> | undefined;

/**
 * Loads config/i18n/<lang>/*.yaml (one file per module): error codes and other product texts,
 * Vietnamese first. A code defined twice, or in one language only, stops the app.
 */
export function loadMessages(dir = configDir()): Record<Language, Messages> {
  const result = {} as Record<Language, Messages>;
  for (const lang of LANGUAGES) {
    const msgs: Messages = {};
    const folder = join(dir, 'i18n', lang);
    for (const file of readdirSync(folder)
      .filter((f) => f.endsWith('.yaml'))
      .sort()) {
      const where = `config/i18n/${lang}/${file}`;
      const read = readYaml(readFileSync(join(folder, file), 'utf8'));
      if (!read.ok) throw new Error(`${where}: ${read.problem}`);
      const parsed = read.value;
      if (parsed === null || parsed === undefined) continue; // an empty file: no messages yet
      if (typeof parsed !== 'object') throw new Error(`${where} is not a mapping`);
      for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
        if (typeof v !== 'string' || v.trim() === '') throw new Error(`${where}: ${k} must be a text`);
        if (k in msgs) throw new Error(`${where}: ${k} is defined twice`);
        msgs[k] = v;
      }
    }
    result[lang] = msgs;
  }
  const vi = Object.keys(result.vi);
  const en = new Set(Object.keys(result.en));
  const missing = vi.filter((k) => !en.has(k)).concat([...en].filter((k) => !(k in result.vi)));
  if (missing.length) throw new Error(`config/i18n: messages missing in one language: ${missing.join(', ')}`);
  return result;
}

export function messages(): Record<Language, Messages> {
  loaded ??= loadMessages();
  return loaded;
}

/** Picks the caller's language from Accept-Language; Vietnamese unless English is preferred. */
export function pickLanguage(acceptLanguage: string | string[] | undefined): Language {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : (acceptLanguage ?? '');
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: (tag ?? '').split('-')[0] ?? '', q: q ? Number(q.slice(2)) || 0 : 1, i };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranked) {
    if ((LANGUAGES as readonly string[]).includes(r.tag)) return r.tag as Language;
  }
  return DEFAULT_LANGUAGE;
}

/**
 * A message by code with {placeholders} filled in; falls back to the code itself, never to data. A
 * placeholder takes `<name>_<lang>` first when given (a catalogue label in the reader's language), then
 * `<name>`.
 */
export function translate(
  code: string,
  lang: Language,
  params: Record<string, string | number> = {},
): string {
  const all = messages();
  const template = all[lang][code] ?? all[DEFAULT_LANGUAGE][code] ?? code;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[`${name}_${lang}`] ?? params[name];
    return value !== undefined ? String(value) : `{${name}}`;
  });
}
