import { beforeEach, describe, expect, it } from 'vitest';
import { LANGUAGE_KEY, currentLanguage, readLanguage, saveLanguage } from './language';

describe('language choice', () => {
  beforeEach(() => {
    localStorage.clear();
  });

  it('is Vietnamese unless English was chosen', () => {
    expect(readLanguage()).toBe('vi');
    localStorage.setItem(LANGUAGE_KEY, 'fr');
    expect(readLanguage()).toBe('vi');
  });

  it('remembers English in localStorage, and that is the only key written', () => {
    saveLanguage('en');
    expect(readLanguage()).toBe('en');
    expect(currentLanguage()).toBe('en');
    expect(Object.keys(localStorage)).toEqual([LANGUAGE_KEY]);
  });

  it('still switches when the browser refuses storage', () => {
    const refusing = {
      setItem: () => {
        throw new Error('SecurityError');
      },
    };
    saveLanguage('vi', refusing);
    expect(currentLanguage()).toBe('vi');
  });
});
