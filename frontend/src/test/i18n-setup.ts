// i18next for component tests, with the real translation files loaded eagerly.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

const files = import.meta.glob<{ default: Record<string, unknown> }>('../locales/*/*.json', { eager: true });

export async function initTestI18n(lng = 'zh-CN') {
  const resources: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [path, mod] of Object.entries(files)) {
    const [, lang, ns] = path.match(/locales\/([^/]+)\/([^/]+)\.json$/)!;
    (resources[lang] ??= {})[ns] = mod.default;
  }
  await i18next.use(initReactI18next).init({ lng, resources, defaultNS: 'common', interpolation: { escapeValue: false }, react: { useSuspense: false } });
  return i18next;
}
