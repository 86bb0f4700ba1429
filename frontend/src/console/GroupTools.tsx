// Beside each group's live board on the console: its progress (items,
// required fields missing, last activity, flags), lock and spotlight for this
// group alone, and the coaching comments the trainer writes on any item.
import { App, Button, Drawer, Input, List, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardProgress, Group } from '../api/types';
import type { BoardView } from '../live/boardStore';
import { newId } from '../live/ids';
import type { LiveClient } from '../live/transport';
import { itemsOf } from '../kinds/items';
import type { Comment, ControlState } from '../protocol/messages.gen';

type Send = (op: Record<string, unknown> & { kind: string }) => void;

/** Minutes without a change after which an open board is flagged as quiet. */
export const QUIET_MINUTES = 5;

function useNowTick(ms: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

export function GroupTools({
  client,
  group,
  board,
  kind,
  progress,
  cs,
  send,
}: {
  client: LiveClient | null;
  group: Group;
  board: BoardView;
  kind: string;
  progress?: BoardProgress;
  cs: ControlState | null;
  send: Send;
}) {
  const { t } = useTranslation('facilitation');
  const tick = useNowTick(30_000);
  const [commenting, setCommenting] = useState(false);
  const now = cs?.now;
  const lock = now ? cs?.locks?.[now] : undefined;
  const locked = !!lock && (lock.all || (lock.groups ?? []).includes(group.id));
  const open = now ? cs?.open?.[now] : undefined;
  const isOpen = !!open && (open.all || (open.groups ?? []).includes(group.id));
  const spotlit = cs?.spotlight?.group === group.id && cs?.spotlight?.activity === now;
  const idle = progress ? Math.floor((tick - Date.parse(progress.updated_at)) / 60_000) : 0;
  const quiet = isOpen && !locked && !!progress && idle >= QUIET_MINUTES;

  return (
    <div className="pc-group-tools" data-group-tools={group.id}>
      {progress && (
        <div className="pc-progress">
          <span>{t('progress.items', { count: progress.items })}</span>
          {progress.missing > 0 && <Tag color="warning">{t('progress.missing', { count: progress.missing })}</Tag>}
          {progress.comments > 0 && <Tag>{t('progress.comments', { count: progress.comments })}</Tag>}
          {quiet && <Tag color="orange">{t('progress.quiet', { count: idle })}</Tag>}
          <Typography.Text type="secondary" className="pc-updated">
            {progress.seq === 0 ? t('progress.untouched') : idle < 1 ? t('progress.justNow') : t('progress.ago', { count: idle })}
          </Typography.Text>
        </div>
      )}
      <Space size={4} wrap>
        {!isOpen && now && <Tag>{t('open.closedForGroup')}</Tag>}
        {locked && <Tag color="default">{t('lock.lockedTag')}</Tag>}
        <Tooltip title={locked ? t('lock.unlockGroupHint') : t('lock.lockGroupHint')}>
          <Button
            size="small"
            aria-pressed={locked}
            onClick={() => now && send({ kind: locked ? 'board.unlock' : 'board.lock', activity: now, groups: [group.id] })}
            disabled={!now}
          >
            {locked ? t('lock.unlockGroup') : t('lock.lockGroup')}
          </Button>
        </Tooltip>
        <Button
          size="small"
          type={spotlit ? 'primary' : 'default'}
          aria-pressed={spotlit}
          onClick={() => now && send(spotlit ? { kind: 'spotlight.clear' } : { kind: 'spotlight.set', activity: now, group: group.id })}
          disabled={!now}
        >
          {spotlit ? t('spotlight.on') : t('spotlight.set')}
        </Button>
        <Button size="small" onClick={() => setCommenting(true)} disabled={!board.state}>
          {t('comments.open')}
        </Button>
      </Space>
      {commenting && board.state && client && <CommentDrawer client={client} group={group} board={board} kind={kind} onClose={() => setCommenting(false)} />}
    </div>
  );
}

function CommentDrawer({ client, group, board, kind, onClose }: { client: LiveClient; group: Group; board: BoardView; kind: string; onClose: () => void }) {
  const { t, i18n } = useTranslation('facilitation');
  const { message } = App.useApp();
  const items = itemsOf(kind, board.state, i18n.language);
  const [item, setItem] = useState('');
  const [text, setText] = useState('');
  const comments = Object.values(((board.state as { comments?: Record<string, Comment> }).comments ?? {}) as Record<string, Comment>).sort((a, b) => a.seq - b.seq);
  const itemText = (id: string) => (id ? (items.find((x) => x.id === id)?.text ?? t('comments.deletedItem')) : t('comments.wholeBoard'));
  const add = () => {
    const v = text.trim();
    if (!v) return;
    client.submit(board.id, { kind: 'comment.add', id: 'c-' + newId(), item, text: v });
    setText('');
    message.success(t('comments.sent', { name: group.name }));
  };
  return (
    <Drawer open onClose={onClose} title={t('comments.title', { name: group.name })} size="large" destroyOnHidden>
      <Space direction="vertical" className="pc-full">
        <label htmlFor="pc-comment-item">{t('comments.on')}</label>
        <Select
          id="pc-comment-item"
          className="pc-full"
          value={item}
          onChange={setItem}
          options={[{ value: '', label: t('comments.wholeBoard') }, ...items.map((x) => ({ value: x.id, label: x.text }))]}
          showSearch={{ optionFilterProp: 'label' }}
        />
        <Input.TextArea rows={3} maxLength={500} showCount value={text} onChange={(e) => setText(e.target.value)} aria-label={t('comments.textLabel')} placeholder={t('comments.placeholder')} />
        <Button type="primary" onClick={add} disabled={!text.trim()}>
          {t('comments.send')}
        </Button>
      </Space>
      <List
        className="pc-gap-top"
        header={t('comments.existing', { count: comments.length })}
        dataSource={comments}
        locale={{ emptyText: t('comments.none') }}
        renderItem={(c) => (
          <List.Item
            actions={[
              <Button key="del" size="small" type="link" danger onClick={() => client.submit(board.id, { kind: 'comment.delete', id: c.id })}>
                {t('comments.delete')}
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={
                <span>
                  {c.author.kind === 'trainer' ? <Tag color="orange">{t('comments.coach')}</Tag> : <Tag>{c.author.name}</Tag>}
                  {itemText(c.item)}
                </span>
              }
              description={c.text}
            />
          </List.Item>
        )}
      />
    </Drawer>
  );
}
