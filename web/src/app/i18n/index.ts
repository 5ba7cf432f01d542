import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, vi } from './messages';
import { readLanguage, saveLanguage, setCurrentLanguage, type Language } from './language';

export const i18n = i18next.createInstance();

export function initI18n(): typeof i18n {
  const lng = readLanguage();
  setCurrentLanguage(lng);
  document.documentElement.lang = lng;
  void i18n.use(initReactI18next).init({
    lng,
    fallbackLng: 'vi',
    resources: { vi: { translation: vi }, en: { translation: en } },
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return i18n;
}

export function switchLanguage(lng: Language): void {
  saveLanguage(lng);
  document.documentElement.lang = lng;
  void i18n.changeLanguage(lng);
}
