// /workshops/:id/projector — for the room, 3–8 m away: how to join (QR, code,
// address) and the current activity, large. Follows the agenda live.
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, ApiError, formatJoinCode } from '../api/client';
import type { Workshop } from '../api/types';
import { pick } from '../i18n';
import { useBoard, useLiveClient, useLiveStatus } from '../live/hooks';
import { findActivity } from '../participant/curriculum';
import type { ControlState } from '../protocol/messages.gen';
import { ConnectionBanner } from '../shared/ConnectionBanner';
import { apiErrorText } from '../shared/errors';
import { PageLoading } from '../shared/PageLoading';
import './projector.css';

const ProjectorCase = lazy(() => import('../cases/ProjectorCase'));

export default function ProjectorPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation(['projector', 'errors']);
  const navigate = useNavigate();
  const [workshop, setWorkshop] = useState<Workshop | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api.workshop(id).then(setWorkshop, (e) => {
      if (e instanceof ApiError && e.status === 401) navigate(`/login?next=${encodeURIComponent(`/workshops/${id}/projector`)}`, { replace: true });
      else setError(apiErrorText(t, e));
    });
  }, [id, navigate, t]);
  if (error)
    return (
      <div className="pj-screen">
        <p className="pj-error">{error}</p>
      </div>
    );
  if (!workshop) return <PageLoading />;
  return <LiveProjector workshop={workshop} />;
}

function joinAddress(url: string): string {
  return url.replace(/^https?:\/\//, '');
}

function LiveProjector({ workshop }: { workshop: Workshop }) {
  const { t, i18n } = useTranslation('projector');
  const client = useLiveClient(workshop.id, 'trainer');
  const status = useLiveStatus(client);
  const control = useBoard(client, workshop.control_board);
  const cs = control.state as unknown as ControlState | null;
  const { module, activity } = findActivity(workshop.curriculum, cs?.now);
  const lang = i18n.language;
  const open = cs?.now ? !!cs.open?.[cs.now] : false;
  const navigate = useNavigate();
  useEffect(() => {
    // Signed out (4001): the projector needs the trainer's session.
    if (status === 'ended' && client?.endReason === 'unauthorized') {
      navigate(`/login?next=${encodeURIComponent(`/workshops/${workshop.id}/projector`)}`, { replace: true });
    }
  }, [status, client, navigate, workshop.id]);
  useEffect(() => {
    document.title = workshop.title;
  }, [workshop.title]);

  return (
    <div className="pj-screen">
      <ConnectionBanner status={status} />
      <aside className="pj-join" aria-label={t('join.label')}>
        <img className="pj-qr" src={api.qrURL(workshop.id, 640)} alt={t('join.qrAlt')} width={420} height={420} />
        <p className="pj-join-how">{t('join.how')}</p>
        <p className="pj-code" aria-label={t('join.codeLabel')}>
          {formatJoinCode(workshop.join_code)}
        </p>
        <p className="pj-url">{joinAddress(workshop.join_url)}</p>
      </aside>
      <main className="pj-main">
        <p className="pj-workshop">{workshop.title}</p>
        {cs?.case ? (
          <Suspense fallback={<PageLoading />}>
            <ProjectorCase workshopId={workshop.id} caseId={cs.case} />
          </Suspense>
        ) : activity ? (
          <>
            {module && <p className="pj-module">{t('module', { number: module.number, title: pick(module.title, lang) })}</p>}
            <h1 className="pj-question">{pick(activity.question, lang)}</h1>
            <p className={`pj-state${open ? ' is-open' : ''}`}>{open ? t('state.open') : t('state.closed')}</p>
          </>
        ) : (
          <h1 className="pj-question">{t('welcome')}</h1>
        )}
      </main>
    </div>
  );
}
