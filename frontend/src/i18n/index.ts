// i18next with zh-CN first and English second. Translations live in
// src/locales/<lang>/<namespace>.json, one namespace per feature, and are
// loaded on demand (each file is its own small chunk), so a participant's
// phone never downloads the console's strings.
import i18next, { type BackendModule, type ReadCallback } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Text } from '../protocol/messages.gen';

export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
const STORAGE_KEY = 'playbook.lang';

const files = import.meta.glob<{ default: Record<string, unknown> }>('../locales/*/*.json');

const lazyBackend: BackendModule = {
  type: 'backend',
  init() {},
  read(lng: string, ns: string, cb: ReadCallback) {
    const load = files[`../locales/${lng}/${ns}.json`];
    if (!load) return cb(null, {});
    load().then(
      (m) => cb(null, m.default),
      (err) => cb(err, null),
    );
  },
};

export function storedLang(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'en' || v === 'zh-CN') return v;
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN';
}

export function setLang(lang: Lang): Promise<unknown> {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* storage unavailable */
  }
  document.documentElement.lang = lang;
  return i18next.changeLanguage(lang);
}

export function currentLang(): Lang {
  return i18next.language === 'en' ? 'en' : 'zh-CN';
}

/** Picks a bilingual content text in the UI language, falling back to the other one. */
export function pick(text: Text | undefined, lang: string): string {
  if (!text) return '';
  if (lang === 'en') return text.en || text['zh-CN'];
  return text['zh-CN'] || text.en;
}

export function initI18n(): Promise<unknown> {
  const lng = storedLang();
  document.documentElement.lang = lng;
  return i18next
    .use(lazyBackend)
    .use(initReactI18next)
    .init({
      lng,
      supportedLngs: [...LANGS],
      fallbackLng: false,
      load: 'currentOnly',
      ns: ['common'],
      defaultNS: 'common',
      interpolation: { escapeValue: false }, // React escapes
      react: { useSuspense: true },
      returnNull: false,
    });
}

export default i18next;
