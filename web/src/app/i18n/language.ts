/**
 * The language choice: the ONLY thing Haven keeps in localStorage (Vietnamese unless English was chosen).
 */
export type Language = 'vi' | 'en';
export const LANGUAGE_KEY = 'haven.lang';

let current: Language = 'vi';

export function readLanguage(storage: Pick<Storage, 'getItem'> | null = safeStorage()): Language {
  try {
    return storage?.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function saveLanguage(lang: Language, storage: Pick<Storage, 'setItem'> | null = safeStorage()): void {
  current = lang;
  try {
    storage?.setItem(LANGUAGE_KEY, lang);
  } catch {
    // A browser that refuses storage still switches language, it just won't remember it.
  }
}

export function currentLanguage(): Language {
  return current;
}

export function setCurrentLanguage(lang: Language): void {
  current = lang;
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
