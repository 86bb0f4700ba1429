// What the participant's page shows beside the board: where the agenda stands
// when the trainer is lecturing, the lock,
// the gallery walk (every group's board to visit and vote on), and the way to
// the toolkit and the personal action plan.
import { Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client';
import type { GalleryBoards } from '../api/types';
import { currentBlock, timedAgenda } from '../facilitation/agenda';
import '../facilitation/facilitation.css';
import { pick } from '../i18n';
import { useBoard } from '../live/hooks';
import type { LiveClient } from '../live/transport';
import { BOARD_COMPONENTS } from '../kinds/registry';
import type { ControlState, Curriculum } from '../protocol/messages.gen';
import { GroupMark } from '../shared/GroupMark';
import { PageLoading } from '../shared/PageLoading';

/** The agenda block the trainer is on, when it is a lecture, a case, sharing or a break. */
export function AgendaNow({ curriculum, cs }: { curriculum: Curriculum; cs: ControlState }) {
  const { t, i18n } = useTranslation('facilitation');
  const tb = currentBlock(timedAgenda(curriculum, cs), cs);
  if (!tb || tb.block.type === 'activity') return null;
  return (
    <section className="pf-now-card" aria-live="polite" data-block={tb.block.id}>
      <span className="pf-now-kind">{t(`block.${tb.block.type}`)}</span>
      <div>
        <p className="pf-now-title">{pick(tb.block.title, i18n.language)}</p>
        <p className="pp-muted">{t('now.lectureHint')}</p>
      </div>
    </section>
  );
}

export function LockedNote() {
  const { t } = useTranslation('facilitation');
  return (
    <p className="pf-status pf-status-locked" role="status">
      {t('lock.participant')}
    </p>
  );
}

/** Links to the toolkit and the action plan. */
export function ParticipantNav({ workshopId }: { workshopId: string }) {
  const { t } = useTranslation('facilitation');
  return (
    <nav className="pf-nav" aria-label={t('nav.label')}>
      <Link to={`/w/${workshopId}/toolkit`}>{t('nav.toolkit')}</Link>
      <Link to={`/w/${workshopId}/plan`}>{t('nav.plan')}</Link>
      <Link to={`/w/${workshopId}/takeaway`}>{t('nav.takeaway')}</Link>
    </nav>
  );
}

/**
 * The gallery walk: the group picks any group's board of the activity and
 * votes on it. Other groups' boards (and one's own, when locked or closed)
 * take votes only.
 */
export function GalleryWalk({
  client,
  workshopId,
  cs,
  ownLocked,
}: {
  client: LiveClient;
  workshopId: string;
  cs: ControlState;
  ownLocked: boolean;
}) {
  const { t } = useTranslation('facilitation');
  const [list, setList] = useState<GalleryBoards | null>(null);
  const [chosen, setChosen] = useState('');
  const seq = cs.gallery?.seq;
  useEffect(() => {
    if (seq === undefined) return;
    let live = true;
    api.gallery(workshopId).then(
      (g) => {
        if (!live) return;
        setList(g);
        setChosen((c) => (g.boards.some((b) => b.board === c) ? c : (g.boards.find((b) => !b.own) ?? g.boards[0])?.board ?? ''));
      },
      () => live && setList(null),
    );
    return () => {
      live = false;
    };
  }, [workshopId, seq]);
  if (!list) return null;
  const current = list.boards.find((b) => b.board === chosen);
  return (
    <section className="pf-gallery" aria-label={t('gallery.label')}>
      <p className="pf-status pf-status-gallery" role="status">
        {t('gallery.participant')}
      </p>
      <div className="pf-gallery-tabs" role="tablist" aria-label={t('gallery.groups')}>
        {list.boards.map((b) => (
          <button
            key={b.board}
            type="button"
            role="tab"
            aria-selected={b.board === chosen}
            className={`pf-gallery-tab${b.board === chosen ? ' is-on' : ''}`}
            onClick={() => setChosen(b.board)}
            data-group={b.group_id}
          >
            <GroupMark position={b.position} name={b.own ? t('gallery.ownGroup', { name: b.group_name }) : b.group_name} size={16} />
          </button>
        ))}
      </div>
      {current && <VisitedBoard key={current.board} client={client} boardId={current.board} visiting={!current.own || ownLocked} />}
    </section>
  );
}

function VisitedBoard({ client, boardId, visiting }: { client: LiveClient; boardId: string; visiting: boolean }) {
  const { t } = useTranslation('facilitation');
  const view = useBoard(client, boardId);
  const Board = view.kind ? BOARD_COMPONENTS[view.kind] : undefined;
  if (view.status === 'error') return <p className="pp-card">{t('gallery.ended')}</p>;
  if (!view.state || !Board) return <PageLoading />;
  return (
    <Suspense fallback={<PageLoading />}>
      <Board client={client} view={view} readOnly={false} visiting={visiting} />
    </Suspense>
  );
}
