// /w/:workshopId/toolkit — every model and tool of the workshop with a short
// explanation, a picture where one helps, the interpretation where the seed
// leaves a term undefined, and the activities that apply it. Participants keep
// it after the workshop (their cookie lasts 30 days, and the page prints).
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { pick } from '../i18n';
import { useParticipantView } from '../participant/useView';
import '../participant/participant.css';
import type { Curriculum, Tool } from '../protocol/messages.gen';
import { PageLoading } from '../shared/PageLoading';
import { apiErrorText } from '../shared/errors';
import { Diagram } from './Diagram';
import './toolkit.css';
import { ToolkitShell } from './ToolkitShell';

export default function ToolkitPage() {
  const { workshopId = '' } = useParams();
  const { t, i18n } = useTranslation(['toolkit', 'errors']);
  const { view, error } = useParticipantView(workshopId);
  if (error) return <p className="pp-card">{apiErrorText(t, error)}</p>;
  if (!view) return <PageLoading />;
  const cur = view.curriculum;
  const lang = i18n.language;
  const tools = cur.toolkit ?? [];
  return (
    <ToolkitShell back={`/w/${workshopId}`} backLabel={t('back')} mainClassName="pp-main pt-main">
      <h1 className="pp-h1">{t('title')}</h1>
      <p className="pp-muted">{t('intro', { count: tools.length, title: pick(cur.title, lang) })}</p>
      <nav className="pt-index" aria-label={t('index')}>
        {tools.map((tool) => (
          <a key={tool.id} href={`#tool-${tool.id}`}>
            {pick(tool.name, lang)}
          </a>
        ))}
      </nav>
      {tools.map((tool) => (
        <ToolCard key={tool.id} tool={tool} cur={cur} workshopId={workshopId} lang={lang} />
      ))}
    </ToolkitShell>
  );
}

function ToolCard({ tool, cur, workshopId, lang }: { tool: Tool; cur: Curriculum; workshopId: string; lang: string }) {
  const { t } = useTranslation('toolkit');
  const module = cur.modules.find((m) => m.id === tool.module);
  const name = pick(tool.name, lang);
  return (
    <article className="pp-card pt-tool" id={`tool-${tool.id}`} data-tool={tool.id}>
      {module && <p className="pp-eyebrow">{t('module', { number: module.number, title: pick(module.title, lang) })}</p>}
      <h2 className="pp-h2">{name}</h2>
      <p>{pick(tool.summary, lang)}</p>
      <Diagram tool={tool} lang={lang} title={t('diagram', { name })} />
      {(tool.points ?? []).some((p) => p.detail) && (
        <ol className="pt-points">
          {(tool.points ?? []).map((p, i) => (
            <li key={i}>
              <strong>{pick(p.name, lang)}</strong>
              {p.detail && <span>{t('detailSep')}{pick(p.detail, lang)}</span>}
            </li>
          ))}
        </ol>
      )}
      {(tool.interpretations ?? []).map((id) => {
        const it = cur.interpretations?.find((x) => x.id === id);
        if (!it) return null;
        return (
          <aside key={id} className="pt-interpretation" aria-label={t('interpretation', { term: pick(it.term, lang) })}>
            <p className="pt-interpretation-tag">{t('interpretation', { term: pick(it.term, lang) })}</p>
            <p>{pick(it.summary, lang)}</p>
            {(it.parts ?? []).length > 0 && (
              <ul>
                {it.parts!.map((p, i) => (
                  <li key={i}>
                    <strong>{pick(p.name, lang)}</strong>
                    {p.pair && <span>{t('pairedWith', { step: pick(p.pair, lang) })}</span>}
                    {p.value && !['above', 'below'].includes(p.value) && <span> {p.value}</span>}
                    {p.detail && <span>{t('detailSep')}{pick(p.detail, lang)}</span>}
                  </li>
                ))}
              </ul>
            )}
          </aside>
        );
      })}
      {(tool.activities ?? []).length > 0 && (
        <p className="pt-applies">
          <span>{t('applies')}</span>
          {tool.activities!.map((id) => {
            const a = cur.modules.flatMap((m) => m.activities).find((x) => x.id === id);
            if (!a) return null;
            return (
              <Link key={id} to={`/w/${workshopId}/a/${encodeURIComponent(id)}`} className="pt-activity-link">
                {t('activityLink', { id, title: pick(a.title, lang) || pick(a.question, lang), template: t(`templates.${a.template}`, { defaultValue: a.template }) })}
              </Link>
            );
          })}
        </p>
      )}
    </article>
  );
}
