// /w/:workshopId/plan — the participant's personal action plan: what they
// wrote in their reflections and every action assigned to them (their own,
// their group's notes-as-actions and plan rows they own), downloadable.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../api/client';
import type { ActionPlan } from '../api/types';
import { pick } from '../i18n';
import { activityLabel } from '../facilitation/agenda';
import { useParticipantView } from '../participant/useView';
import '../participant/participant.css';
import { PageLoading } from '../shared/PageLoading';
import { apiErrorText } from '../shared/errors';
import './toolkit.css';
import { ToolkitShell } from './ToolkitShell';

export default function ActionPlanPage() {
  const { workshopId = '' } = useParams();
  const { t, i18n } = useTranslation(['toolkit', 'errors']);
  const { view, error } = useParticipantView(workshopId);
  const [plan, setPlan] = useState<ActionPlan | null>(null);
  const [planError, setPlanError] = useState<unknown>(null);
  useEffect(() => {
    api.actionPlan(workshopId).then(setPlan, setPlanError);
  }, [workshopId]);
  const lang = i18n.language;
  if (error || planError) return <p className="pp-card">{apiErrorText(t, error || planError)}</p>;
  if (!view || !plan) return <PageLoading />;
  const activity = (id: string) => {
    const a = view.curriculum.modules.flatMap((m) => m.activities).find((x) => x.id === id);
    return a ? activityLabel(a, lang) : id;
  };
  return (
    <ToolkitShell back={`/w/${workshopId}`} backLabel={t('back')}>
      <h1 className="pp-h1">{t('plan.title')}</h1>
      <p className="pp-muted">{t('plan.intro', { name: view.participant.name, workshop: view.workshop.title })}</p>
      <a className="pp-btn pp-btn-primary pp-btn-block" href={api.actionPlanDownloadURL(workshopId, lang)} download>
        {t('plan.download')}
      </a>
      <section className="pp-card" aria-labelledby="pt-insights">
        <h2 id="pt-insights" className="pp-h2">
          {t('plan.insights')}
        </h2>
        {plan.insights.length === 0 ? (
          <p className="pp-muted">{t('plan.noInsights')}</p>
        ) : (
          plan.insights.map((x, i) => (
            <div key={i} className="pt-insight">
              <p className="pp-eyebrow">
                {activity(x.activity)} · {pick(x.prompt, lang)}
              </p>
              <p className="pt-insight-text">{x.text}</p>
            </div>
          ))
        )}
      </section>
      <section className="pp-card" aria-labelledby="pt-actions">
        <h2 id="pt-actions" className="pp-h2">
          {t('plan.actions')}
        </h2>
        {plan.actions.length === 0 ? (
          <p className="pp-muted">{t('plan.noActions')}</p>
        ) : (
          <ul className="pt-actions">
            {plan.actions.map((a, i) => (
              <li key={i} className={a.done ? 'is-done' : undefined}>
                <span className="pt-action-text">{a.text}</span>
                <span className="pt-action-meta">
                  {a.due ? t('plan.due', { date: a.due }) : t('plan.noDue')} · {t(`plan.source.${a.source}`)} · {activity(a.activity)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </ToolkitShell>
  );
}
