// /workshops/:id/passoff/:activity/projector — the room's view of the round:
// who performs with the timer, then the reveal — total, pass or fail, and
// every criterion's mean as labelled bars.
import { lazy, Suspense, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { PassoffInfo, Workshop } from '../api/types';
import { pick } from '../i18n';
import { useBoard, useLiveClient, useLiveStatus } from '../live/hooks';
import type { RoundState } from '../protocol/messages.gen';
import { ConnectionBanner } from '../shared/ConnectionBanner';
import { PageLoading } from '../shared/PageLoading';
import { clock, currentAttempt, lastRevealed, secondsLeft } from './model';
import { useNow } from './useNow';
import { usePassoffInfo } from './usePassoffInfo';
import './projector.css';

const ResultChart = lazy(() => import('./ResultChart'));

export default function PassoffProjector() {
  const { id = '', activity = '' } = useParams();
  const { workshop, info, error } = usePassoffInfo(id, activity, `/workshops/${id}/passoff/${activity}/projector`);
  if (error)
    return (
      <div className="pjp-screen">
        <p>{error}</p>
      </div>
    );
  if (!workshop || !info) return <PageLoading />;
  return <LiveProjector workshop={workshop} info={info} />;
}

function LiveProjector({ workshop, info }: { workshop: Workshop; info: PassoffInfo }) {
  const { t, i18n } = useTranslation('passoff');
  const lang = i18n.language;
  const client = useLiveClient(workshop.id, 'trainer');
  const status = useLiveStatus(client);
  const round = useBoard(client, info.round_board);
  const rs = round.state as unknown as RoundState | null;
  const cur = currentAttempt(rs);
  const last = lastRevealed(rs);
  const now = useNow(client?.clockOffset ?? 0, !!rs?.current?.deadline);
  const left = secondsLeft(rs?.current?.deadline, now);
  const bars = useMemo(
    () =>
      (last?.result?.criteria ?? []).map((c) => ({
        name: pick(rs?.rubric?.criteria.find((x) => x.id === c.id)?.name, lang),
        mean: c.mean,
        below: !!c.below_min,
      })),
    [last, rs?.rubric, lang],
  );
  useEffect(() => {
    document.title = t('projector.title');
  }, [t]);
  if (!rs) return <PageLoading />;
  const submitted = Object.keys(rs.current?.submitted ?? {}).length;
  const mustFailed = (last?.result?.must_pass_failed ?? []).map((id) => pick(rs.rubric?.criteria.find((c) => c.id === id)?.name, lang));

  return (
    <div className="pjp-screen">
      <ConnectionBanner status={status} />
      <div className="pjp-head">
        <p className="pjp-scenario">{rs.scenario.title ? t('projector.scenario', { title: rs.scenario.title }) : t('projector.title')}</p>
        <span>{workshop.title}</span>
      </div>
      {cur ? (
        <section className="pjp-now" aria-live="polite" data-testid="projector-now">
          <div>
            <p className="pjp-label">{cur.calibration ? t('projector.demo') : t('projector.performing')}</p>
            <p className="pjp-name">{cur.name}</p>
            <p className="pjp-submitted">{t('projector.submitted', { submitted, panel: cur.panel.length })}</p>
          </div>
          {left !== null && (
            <div className={`pjp-timer${left === 0 ? ' is-late' : ''}`} role="timer">
              {clock(left)}
            </div>
          )}
        </section>
      ) : last?.result ? (
        <section className="pjp-result" aria-live="polite" data-testid="projector-reveal">
          <div>
            <p className="pjp-label">{last.calibration ? t('projector.demoResult') : t('projector.result', { n: last.try })}</p>
            <p className="pjp-name">{last.name}</p>
            <div className="pjp-total" data-testid="projector-total">
              {t('percent', { value: last.result.percent.toFixed(1) })}
            </div>
            {!last.calibration && (
              <div className={`pjp-verdict ${last.result.passed ? 'is-pass' : 'is-fail'}`} data-testid="projector-verdict">
                {last.result.passed ? t('projector.pass') : t('projector.fail')}
              </div>
            )}
            {mustFailed.length > 0 && <p className="pjp-must">{t('projector.mustFailed', { names: mustFailed.join(t('listSep')) })}</p>}
          </div>
          <Suspense fallback={<div className="pjp-chart" />}>
            <ResultChart bars={bars} min={rs.rubric?.scale.min ?? 1} max={rs.rubric?.scale.max ?? 5} />
          </Suspense>
        </section>
      ) : (
        <section aria-live="polite">
          <p className="pjp-name">{t('projector.waiting')}</p>
        </section>
      )}
      {!cur && rs.queue.length > 0 && <p className="pjp-next">{t('projector.next', { names: rs.queue.slice(0, 3).map((q) => q.name).join(t('listSep')) })}</p>}
    </div>
  );
}
