// /w/:workshopId — the participant's one screen: their group's current
// activity (question and hints on top, the board below), following the
// trainer's agenda live.
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, ApiError } from '../api/client';
import type { ParticipantView } from '../api/types';
import { pick } from '../i18n';
import { useBoard, useLiveClient, useLiveErrors, useLiveStatus } from '../live/hooks';
import type { LiveClient, LiveError } from '../live/transport';
import type { ControlState } from '../protocol/messages.gen';
import { Avatars } from '../shared/Avatars';
import { BroadcastBanner } from '../facilitation/BroadcastBanner';
import { TimerBadge } from '../facilitation/TimerBadge';
import { BOARD_COMPONENTS } from '../kinds/registry';
import { ConnectionBanner } from '../shared/ConnectionBanner';
import { apiErrorText, wsErrorText } from '../shared/errors';
import { GroupMark } from '../shared/GroupMark';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import { PageLoading } from '../shared/PageLoading';
import { Toasts, useToasts } from '../shared/Toast';
import { ActivityCases } from '../cases/ParticipantCases';
import { findActivity, PLAYBOOK_KINDS, RENDERED_KINDS } from './curriculum';
import { AgendaNow, GalleryWalk, LockedNote, ParticipantNav } from './LiveExtras';
import './participant.css';

// The pass-off phone (a round's own screen) loads only when its activity comes up.
const PassoffPhone = lazy(() => import('../passoff/PassoffPhone'));

export default function ParticipantPage() {
  const { workshopId } = useParams();
  const { t } = useTranslation(['participant', 'errors']);
  const navigate = useNavigate();
  const [view, setView] = useState<ParticipantView | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    if (!workshopId) return;
    api.participantView(workshopId).then(setView, (e) => {
      if (e instanceof ApiError && e.status === 401) navigate('/j', { replace: true });
      else setError(e);
    });
  }, [workshopId, navigate]);
  useEffect(load, [load]);

  if (error) {
    return (
      <div className="pp-shell">
        <main className="pp-main">
          <div className="pp-card" role="alert">
            <p>{apiErrorText(t, error)}</p>
            <button type="button" className="pp-btn pp-btn-block" onClick={() => window.location.reload()}>
              {t('common:actions.retry')}
            </button>
          </div>
        </main>
      </div>
    );
  }
  if (!view) return <PageLoading />;
  return <LiveWorkshop view={view} reload={load} />;
}

function LiveWorkshop({ view, reload }: { view: ParticipantView; reload: () => void }) {
  const { t, i18n } = useTranslation(['participant', 'errors', 'common', 'facilitation']);
  const navigate = useNavigate();
  const client = useLiveClient(view.workshop.id, 'participant');
  const status = useLiveStatus(client);
  const [toasts, toast] = useToasts();

  // The session ended (4001) or the trainer moved us (4004).
  useEffect(() => {
    if (status !== 'ended' || !client) return;
    if (client.endReason === 'moved') window.location.reload();
    else if (client.endReason === 'unauthorized') navigate(`/j/${view.workshop.join_code}`, { replace: true });
  }, [status, client, navigate, view.workshop.join_code]);
  // Repeated failures to connect: is the participant still valid?
  useEffect(() => {
    if (!client) return;
    return client.onRepeatedFailure(() => {
      api.participantView(view.workshop.id).catch((e) => {
        if (e instanceof ApiError && e.status === 401) {
          client.stop();
          navigate(`/j/${view.workshop.join_code}`, { replace: true });
        }
      });
    });
  }, [client, navigate, view.workshop.id, view.workshop.join_code]);
  useLiveErrors(
    client,
    useCallback((e: LiveError) => toast(wsErrorText(t, e.code)), [t, toast]),
  );

  const control = useBoard(client, view.control_board);
  const cs = control.state as unknown as ControlState | null;
  const now = cs?.now;
  const { module, activity } = findActivity(view.curriculum, now);
  const boardId = now ? view.boards[now] : undefined;
  // An activity added while the workshop runs (a room vote): fetch the view
  // again, once per such activity, to learn it and its board.
  const [refetched, setRefetched] = useState('');
  const stale = !!now && (!activity || !boardId) && refetched !== now;
  useEffect(() => {
    if (!stale || !now) return;
    setRefetched(now);
    reload();
  }, [stale, now, reload]);
  const opening = now ? cs?.open?.[now] : undefined;
  const isOpen = !!opening && (opening.all || (!!view.group && (opening.groups ?? []).includes(view.group.id)));
  const board = useBoard(client, boardId);
  const lang = i18n.language;
  const locked = !!now && !!view.group && lockedFor(cs, now, view.group.id);
  const queued = client ? client.pendingCount() : 0;

  return (
    <div className="pp-shell">
      <header className="pp-topbar">
        <ConnectionBanner status={status} queued={queued} inline />
        <div className="pp-topbar-row">
        <span className="pp-topbar-group">
          {view.group && <GroupMark position={view.group.position} name={view.group.name} size={18} />}
        </span>
        <span className="pp-topbar-right">
          {now && <TimerBadge timer={cs?.timers?.[now]} clockOffset={client?.clockOffset ?? 0} />}
          <Avatars members={board.members} max={4} size={30} />
          <LanguageSwitch />
        </span>
        </div>
        <BroadcastBanner broadcast={cs?.broadcast} />
      </header>
      <main className="pp-main">
        {cs && <AgendaNow curriculum={view.curriculum} cs={cs} />}
        {!cs ? (
          <PageLoading />
        ) : !activity ? (
          <section className="pp-card pp-calm">
            <h1 className="pp-h2">{t('wait.noActivityTitle')}</h1>
            <p className="pp-muted">{t('wait.noActivity')}</p>
          </section>
        ) : (
          <>
            <section className="pp-activity" aria-labelledby="pp-question">
              {module && (
                <p className="pp-eyebrow">
                  {t('activity.module', { number: module.number, title: pick(module.title, lang) })}
                </p>
              )}
              <h1 id="pp-question" className="pp-question">
                {pick(activity.question, lang)}
              </h1>
              {activity.hints && activity.hints.length > 0 && (
                <details className="pp-hints" open>
                  <summary>{t('activity.hints', { count: activity.hints.length })}</summary>
                  <ul>
                    {activity.hints.map((h, i) => (
                      <li key={i}>{pick(h, lang)}</li>
                    ))}
                  </ul>
                </details>
              )}
            </section>
            <Suspense fallback={null}>
              <ActivityCases workshopId={view.workshop.id} activityId={activity.id} shownCase={cs?.case} />
            </Suspense>
            {isOpen && locked && !cs.gallery && <LockedNote />}
            {!isOpen && !cs.gallery && (
              <section className="pp-card pp-calm" role="status">
                <span className="pp-calm-dots" aria-hidden="true">
                  <i />
                  <i />
                  <i />
                </span>
                <h2 className="pp-h2">{t('wait.closedTitle')}</h2>
                <p className="pp-muted">{t('wait.closed')}</p>
              </section>
            )}
            {activity.template === 'passoff' ? (
              client && (
                <Suspense fallback={<PageLoading />}>
                  <PassoffPhone client={client} view={view} activity={activity.id} />
                </Suspense>
              )
            ) : cs.gallery && client ? (
              <GalleryWalk client={client} workshopId={view.workshop.id} cs={cs} ownLocked={!isOpen || locked} />
            ) : (
              <BoardArea client={client} boardId={boardId} board={board} template={activity.template} readOnly={!isOpen || locked} />
            )}
          </>
        )}
        <ParticipantNav workshopId={view.workshop.id} />
      </main>
      <Toasts items={toasts} />
    </div>
  );
}

function BoardArea({
  client,
  boardId,
  board,
  template,
  readOnly,
}: {
  client: LiveClient | null;
  boardId?: string;
  board: ReturnType<typeof useBoard>;
  template: string;
  readOnly: boolean;
}) {
  const { t } = useTranslation('participant');
  const kind = board.kind ?? template;
  if (!boardId || (!RENDERED_KINDS.has(kind) && !PLAYBOOK_KINDS.has(kind))) {
    return (
      <section className="pp-card pp-calm">
        <h2 className="pp-h2">{t('board.laterTitle')}</h2>
        <p className="pp-muted">{t('board.later')}</p>
      </section>
    );
  }
  if (board.status === 'error') {
    return (
      <section className="pp-card" role="alert">
        <p>{t('board.failed')}</p>
      </section>
    );
  }
  if (!board.state || !client) return <PageLoading />;
  const Board = BOARD_COMPONENTS[board.kind ?? template];
  return (
    <Suspense fallback={<PageLoading />}>
      <Board client={client} view={board} readOnly={readOnly} />
    </Suspense>
  );
}

/** Whether the trainer locked group's board of activity. */
function lockedFor(cs: ControlState | null, activity: string, group: string): boolean {
  const l = cs?.locks?.[activity];
  return !!l && (l.all || (l.groups ?? []).includes(group));
}
