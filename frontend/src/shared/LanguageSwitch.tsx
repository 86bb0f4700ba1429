import { useTranslation } from 'react-i18next';
import { setLang } from '../i18n';

/** Switches between 简体中文 and English; the choice is remembered on this device. */
export function LanguageSwitch({ className = 'pb-lang-switch' }: { className?: string }) {
  const { t, i18n } = useTranslation('common');
  const next = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <button type="button" className={className} onClick={() => setLang(next)} lang={next} aria-label={t('lang.switchLabel')}>
      {t('lang.switchTo')}
    </button>
  );
}
