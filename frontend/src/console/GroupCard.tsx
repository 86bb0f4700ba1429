// One group's live board on the console: name (renamable), presence, the
// notes by lane in compact form, vote totals, top notes highlighted.
import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Input, Tooltip, Typography } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group } from '../api/types';
import { pick } from '../i18n';
import type { BoardView } from '../live/boardStore';
import { useBoard } from '../live/hooks';
import { CompactBoard } from '../kinds/Compact';
import { notesByLane, topRanks, totalVotes } from '../live/notes';
import { dotsOn } from '../live/votes';
import type { LiveClient } from '../live/transport';
import type { NotesState } from '../protocol/messages.gen';
import { Avatars } from '../shared/Avatars';
import { GroupMark } from '../shared/GroupMark';
import { RENDERED_KINDS } from '../participant/curriculum';
import { StagesSummary } from '../playbook/StagesSummary';
import type { StagesState } from '../protocol/messages.gen';

export function GroupCard({
  client,
  group,
  boardId,
  kind,
  onRename,
  tools,
}: {
  client: LiveClient | null;
  group: Group;
  boardId?: string;
  kind: string;
  onRename: (name: string) => Promise<void>;
  /** Facilitation for this group (progress, lock, spotlight, comments), given its live board. */
  tools?: (board: BoardView) => ReactNode;
}) {
  const { t } = useTranslation('console');
  const rendered = !!boardId && RENDERED_KINDS.has(kind);
  const stages = !!boardId && kind === 'stages';
  const board = useBoard(client, rendered || stages ? boardId : undefined);
  const s = rendered ? (board.state as unknown as NotesState | null) : null;
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(group.name);
  const [saving, setSaving] = useState(false);

  const stats = s ? `${t('grid.notes', { count: Object.keys(s.notes ?? {}).length })} · ${t('grid.votes', { count: totalVotes(s) })}` : '';
  const title = renaming ? (
    <Input
      size="small"
      autoFocus
      value={name}
      maxLength={80}
      aria-label={t('grid.renameLabel')}
      disabled={saving}
      onChange={(e) => setName(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          setName(group.name);
          setRenaming(false);
        }
      }}
      onPressEnter={async () => {
        const v = name.trim();
        if (!v || v === group.name) return setRenaming(false);
        setSaving(true);
        try {
          await onRename(v);
          setRenaming(false);
        } finally {
          setSaving(false);
        }
      }}
      onBlur={() => {
        if (!saving) {
          setName(group.name);
          setRenaming(false);
        }
      }}
    />
  ) : (
    <span className="pc-card-title">
      <GroupMark position={group.position} name={group.name} size={18} />
      <Tooltip title={t('grid.rename')}>
        <Button
          type="text"
          size="small"
          icon={<EditOutlined />}
          aria-label={t('grid.renameGroup', { name: group.name })}
          onClick={() => {
            setName(group.name);
            setRenaming(true);
          }}
        />
      </Tooltip>
    </span>
  );

  return (
    <Card
      className="pc-group-card"
      size="small"
      title={title}
      extra={<Avatars members={board.members.filter((m) => m.id !== client?.you?.id)} max={5} size={26} />}
      data-group={group.id}
    >
      {stages ? (
        board.state ? (
          <StagesSummary state={board.state as unknown as StagesState} />
        ) : (
          <div className="pc-later">{board.status === 'error' ? t('grid.failed') : t('grid.loading')}</div>
        )
      ) : !rendered ? (
        <div className="pc-later">{t('grid.later')}</div>
      ) : !s ? (
        <div className="pc-later">{board.status === 'error' ? t('grid.failed') : t('grid.loading')}</div>
      ) : kind === 'notes' ? (
        <>
          <div className="pc-card-stats">{stats}</div>
          <CompactNotes state={s} />
        </>
      ) : (
        <CompactBoard kind={board.kind ?? kind} state={board.state} />
      )}
      {tools?.(board)}
    </Card>
  );
}

function CompactNotes({ state }: { state: NotesState }) {
  const { t, i18n } = useTranslation('console');
  const byLane = useMemo(() => notesByLane(state), [state]);
  const ranks = useMemo(() => topRanks(state), [state]);
  const lanes = [...byLane.entries()].filter(([, notes]) => notes.length > 0);
  if (lanes.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('grid.noNotes')} />;
  return (
    <div className="pc-compact">
      {lanes.map(([laneId, notes]) => {
        const lane = state.lanes.find((l) => l.id === laneId);
        return (
          <div key={laneId} className="pc-compact-lane">
            <Typography.Text className="pc-compact-lane-title">
              {lane ? pick(lane.title, i18n.language) : laneId} · {notes.length}
            </Typography.Text>
            <ul>
              {notes.map((n) => {
                const votes = dotsOn(state.votes, n.id);
                const rank = ranks.get(n.id);
                return (
                  <li key={n.id} className={rank ? 'is-top' : undefined} data-note={n.id}>
                    <span className="pc-note-text">{n.text}</span>
                    <span className="pc-note-votes" aria-label={t('grid.votes', { count: votes })} data-total={votes}>
                      {votes > 0 ? votes : ''}
                    </span>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </div>
  );
}
