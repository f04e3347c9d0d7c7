import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { DICT, type DictKey, type Lang } from './dict.ts';

const STORAGE_KEY = 'yunhu.lang';

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: DictKey) => string;
  /** For the few strings that come in pairs from the API (catalogue names). */
  pick: (zh: string | null | undefined, en: string | null | undefined) => string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function translate(lang: Lang, key: DictKey): string {
  return DICT[key][lang === 'zh' ? 0 : 1];
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key) => translate(lang, key),
      pick: (zh, en) => (lang === 'zh' ? (zh ?? en ?? '') : (en ?? zh ?? '')),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
