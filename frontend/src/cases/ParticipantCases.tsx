// Under the activity's question on a participant's phone: the cases the
// trainer attached to this activity, and the case on the projector when it is
// one of them. Opening a case loads the reader (and the Markdown renderer) on
// demand, so the board page itself stays small.
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi, variantIn, type CaseSummary } from '../api/cases';
import { PageLoading } from '../shared/PageLoading';
import './cases.css';

const CaseReader = lazy(() => import('./CaseReader'));

export interface ActivityCasesProps {
  workshopId: string;
  activityId: string;
  /** The case the projector shows (the control board's `case`), if any. */
  shownCase?: string;
}

export function ActivityCases({ workshopId, activityId, shownCase }: ActivityCasesProps) {
  const { t, i18n } = useTranslation('cases');
  const lang = i18n.language;
  const [lists, setLists] = useState<Record<string, CaseSummary[]>>({});
  const [open, setOpen] = useState<string | null>(null);

  // Attachments change between activities; reload when the agenda moves or
  // the projector switches case.
  useEffect(() => {
    let live = true;
    casesApi.participantCases(workshopId).then(
      (r) => live && setLists(r.activities ?? {}),
      () => live && setLists({}),
    );
    return () => {
      live = false;
    };
  }, [workshopId, activityId, shownCase]);

  const items = lists[activityId] ?? [];
  const projected = useMemo(() => {
    if (!shownCase) return undefined;
    for (const list of Object.values(lists)) {
      const hit = list.find((c) => c.id === shownCase);
      if (hit) return hit;
    }
    return undefined;
  }, [lists, shownCase]);

  return (
    <>
      {projected && !items.some((c) => c.id === projected.id) && (
        <button type="button" className="cs-projecting" onClick={() => setOpen(projected.id)}>
          <span className="cs-projecting-label">{t('participant.onProjector')}</span>
          <span className="cs-projecting-title">{variantIn(projected, lang)?.title}</span>
        </button>
      )}
      {items.length > 0 && (
        <section className="cs-activity-cases" aria-label={t('participant.casesLabel')}>
          <h2 className="cs-activity-cases-title">{t('participant.cases', { count: items.length })}</h2>
          {items.map((c) => {
            const v = variantIn(c, lang);
            return (
              <button key={c.id} type="button" className="cs-case-button" onClick={() => setOpen(c.id)}>
                <span className="cs-case-button-title">
                  {v?.title}
                  {c.id === shownCase && <span className="cs-case-button-live">{t('participant.live')}</span>}
                </span>
                {v?.summary && <span className="cs-case-button-summary">{v.summary}</span>}
                <span className="cs-case-button-open" aria-hidden="true">
                  {t('participant.read')}
                </span>
              </button>
            );
          })}
        </section>
      )}
      {open && (
        <Suspense fallback={<PageLoading />}>
          <CaseReader workshopId={workshopId} caseId={open} onClose={() => setOpen(null)} />
        </Suspense>
      )}
    </>
  );
}

export default ActivityCases;
