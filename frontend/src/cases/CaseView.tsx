// A case, read: title, what it is about, then its sections in order. Used by
// the participant's phone, the projector and the trainer's preview. It shows
// teaching notes only when it is given them and asked to (the trainer's
// preview); participants and the projector get cases without them.
import { useTranslation } from 'react-i18next';
import type { Case, CaseFile, CaseVariant, PublicCase } from '../api/cases';
import { variantIn } from '../api/cases';
import { CaseMarkdown } from './CaseMarkdown';
import './cases.css';

export const SECTIONS = [
  'background',
  'situation',
  'actions',
  'results',
  'exhibits',
  'questions',
  'takeaways',
  'buyer',
  'seller_brief',
  'objections',
  'success',
] as const;

export type SectionKey = (typeof SECTIONS)[number] | 'teaching_notes';

export interface CaseViewProps {
  c: Case | PublicCase;
  lang: string;
  size?: 'phone' | 'page' | 'projector';
  /** Show the teaching notes, when the data has them (trainer preview only). */
  showNotes?: boolean;
  /** Sections to show, in this order (default: all, in file order). */
  only?: readonly SectionKey[];
}

export function fileResolver(files: CaseFile[]): (name: string) => string | undefined {
  const byName = new Map(files.map((f) => [f.name, f.url]));
  return (name) => byName.get(name);
}

export function CaseView({ c, lang, size = 'page', showNotes = false, only }: CaseViewProps) {
  const { t } = useTranslation('cases');
  const v = variantIn(c, lang) as (CaseVariant & { teaching_notes?: string }) | undefined;
  if (!v) return null;
  const fileURL = fileResolver(c.files ?? []);
  const shown = (k: SectionKey) => !only || only.includes(k);
  return (
    <article className={`cs-view cs-view-${size}`} lang={lang === 'en' && c.en ? 'en' : c['zh-CN'] ? 'zh-CN' : 'en'}>
      <header className="cs-view-head">
        <p className="cs-view-meta">
          {c.modules.map((m) => t('module', { number: m })).join(' · ')}
          {v.industry ? ` · ${v.industry}` : ''}
          {c.roleplay ? ` · ${t('roleplay')}` : ''}
        </p>
        <h1 className="cs-view-title">{v.title}</h1>
        {v.summary && <p className="cs-view-summary">{v.summary}</p>}
        {v.tags.length > 0 && size !== 'projector' && (
          <p className="cs-view-tags">
            {v.tags.map((tag) => (
              <span key={tag} className="cs-tag">
                {tag}
              </span>
            ))}
          </p>
        )}
      </header>
      {(only ? SECTIONS.filter(shown).sort((a, b) => only.indexOf(a) - only.indexOf(b)) : SECTIONS).map((k) =>
        v[k] ? (
          <section key={k} className={`cs-section cs-section-${k}`} aria-label={t(`sections.${k}`)}>
            <h2>{t(`sections.${k}`)}</h2>
            <CaseMarkdown text={v[k] ?? ''} fileURL={fileURL} />
          </section>
        ) : null,
      )}
      {showNotes && v.teaching_notes && shown('teaching_notes') && (
        <section className="cs-section cs-notes" aria-label={t('sections.teaching_notes')}>
          <h2>{t('sections.teaching_notes')}</h2>
          <CaseMarkdown text={v.teaching_notes} fileURL={fileURL} />
        </section>
      )}
    </article>
  );
}

export default CaseView;
