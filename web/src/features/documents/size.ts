import { currentLanguage, type Language } from '../../app/i18n/language';

/** Bytes as the reader says them: "850 KB", "1,2 MB" (Vietnamese decimal comma). */
export function formatSize(bytes: number, lang: Language = currentLanguage()): string {
  const locale = lang === 'vi' ? 'vi-VN' : 'en-GB';
  const n = (v: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v);
  if (bytes < 1024) return `${String(bytes)} B`;
  if (bytes < 1024 * 1024) return `${n(bytes / 1024)} KB`;
  return `${n(bytes / (1024 * 1024))} MB`;
}
