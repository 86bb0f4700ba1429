// /workshops/:id/projector — for the room, 3–8 m away: how to join (QR, code,
// address) and the current activity, large. Follows the agenda live.
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, ApiError, formatJoinCode } from '../api/client';
import type { BoardRef, Workshop } from '../api/types';
import { BroadcastBanner } from '../facilitation/BroadcastBanner';
import { TimerBadge } from '../facilitation/TimerBadge';
import { CompactBoard } from '../kinds/Compact';
import type { LiveClient } from '../live/transport';
import { GroupMark } from '../shared/GroupMark';
import { AgendaStrip } from './AgendaStrip';
import { LiveResults } from './LiveResults';
import { pick } from '../i18n';
import { useBoard, useLiveClient, useLiveStatus } from '../live/hooks';
import { findActivity } from '../participant/curriculum';
import type { ControlState } from '../protocol/messages.gen';
import { ConnectionBanner } from '../shared/ConnectionBanner';
import { apiErrorText } from '../shared/errors';
import { PageLoading } from '../shared/PageLoading';
import './projector.css';

const ProjectorCase = lazy(() => import('../cases/ProjectorCase'));
// The funnel analysis (5.0) and its chart load only when a funnel board is shown.
const ProjectorFunnel = lazy(() => import('../funnel/ProjectorFunnel'));

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
  const { t, i18n } = useTranslation(['projector', 'facilitation', 'kinds', 'funnel']);
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
  const [boards, setBoards] = useState<BoardRef[]>([]);
  useEffect(() => {
    api.boards(workshop.id).then((r) => setBoards(r.boards), () => {});
  }, [workshop.id]);
  const now = cs?.now;
  const groups = workshop.groups ?? [];
  const activityBoards = boards.filter((b) => b.activity === now && b.group_id).map((b) => ({ id: b.id, group: b.group_id! }));
  const spot = cs?.spotlight;
  const spotGroup = spot ? groups.find((g) => g.id === spot.group) : undefined;
  const spotBoard = spot ? boards.find((b) => b.activity === spot.activity && b.group_id === spot.group)?.id : undefined;
  const spotActivity = spot ? findActivity(workshop.curriculum, spot.activity).activity : undefined;
  const spotFunnel = spotActivity?.template === 'funnel';
  const spotBoards = spotFunnel ? boards.filter((b) => b.activity === spot?.activity && b.group_id).map((b) => ({ id: b.id, group: b.group_id! })) : [];
  const funnelNow = activity?.template === 'funnel';

  return (
    <div className={`pj-screen${spot || (funnelNow && !cs?.case) ? ' is-compact' : ''}`}>
      <ConnectionBanner status={status} />
      <aside className="pj-join" aria-label={t('join.label')}>
        <img className="pj-qr" src={api.qrURL(workshop.id, 640)} alt={t('join.qrAlt')} width={420} height={420} />
        <p className="pj-join-how">{t('join.how')}</p>
        <p className="pj-code" aria-label={t('join.codeLabel')}>
          {formatJoinCode(workshop.join_code)}
        </p>
        <p className="pj-url">{joinAddress(workshop.join_url)}</p>
        {cs && workshop.curriculum && <AgendaStrip curriculum={workshop.curriculum} cs={cs} lang={lang} />}
      </aside>
      <main className="pj-main">
        <BroadcastBanner broadcast={cs?.broadcast} dismissible={false} size="large" />
        <div className="pj-topline">
          <p className="pj-workshop">{workshop.title}</p>
          {now && <TimerBadge timer={cs?.timers?.[now]} clockOffset={client?.clockOffset ?? 0} size={spot || cs?.case ? 'large' : 'huge'} />}
        </div>
        {cs?.case ? (
          <Suspense fallback={<PageLoading />}>
            <ProjectorCase workshopId={workshop.id} caseId={cs.case} />
          </Suspense>
        ) : spot && spotGroup && client ? (
          <section className="pj-spotlight" aria-label={t('facilitation:spotlight.onProjector', { name: spotGroup.name })}>
            <p className="pj-spot-group">
              <GroupMark position={spotGroup.position} name={spotGroup.name} size={44} />
            </p>
            {spotActivity && <h1 className="pj-spot-question">{pick(spotActivity.question, lang)}</h1>}
            {cs?.gallery && <p className="pj-state is-gallery">{t('facilitation:gallery.onProjector')}</p>}
            {spotFunnel ? (
              <Suspense fallback={<PageLoading />}>
                <ProjectorFunnel client={client} boards={spotBoards} groups={groups} spotlight={spotGroup.id} />
              </Suspense>
            ) : (
              spotBoard && <SpotlightBoard client={client} id={spotBoard} />
            )}
          </section>
        ) : activity && funnelNow ? (
          <section className="pj-spotlight">
            {module && <p className="pj-module">{t('module', { number: module.number, title: pick(module.title, lang) })}</p>}
            <h1 className="pj-spot-question">{pick(activity.question, lang)}</h1>
            {client && (
              <Suspense fallback={<PageLoading />}>
                <ProjectorFunnel client={client} boards={activityBoards} groups={groups} />
              </Suspense>
            )}
          </section>
        ) : activity ? (
          <>
            {module && <p className="pj-module">{t('module', { number: module.number, title: pick(module.title, lang) })}</p>}
            <h1 className="pj-question">{pick(activity.question, lang)}</h1>
            <p className={`pj-state${open ? ' is-open' : ''}${cs?.gallery ? ' is-gallery' : ''}`}>
              {cs?.gallery ? t('facilitation:gallery.onProjector') : open ? t('state.open') : t('state.closed')}
            </p>
            {client && activityBoards.length > 0 && <LiveResults client={client} boards={activityBoards} groups={groups} />}
          </>
        ) : (
          <h1 className="pj-question">{t('welcome')}</h1>
        )}
      </main>
    </div>
  );
}

/** The spotlit group's board, large enough to read from the back of the room. */
function SpotlightBoard({ client, id }: { client: LiveClient; id: string }) {
  const view = useBoard(client, id);
  if (!view.state || !view.kind) return <PageLoading />;
  return <CompactBoard kind={view.kind} state={view.state} size="large" />;
}
