// The trainer's facilitation controls, one click each (and a key each):
// open the activity for all or chosen groups, the countdown (T), lock and
// unlock every board (L, undoable), spotlight a group on the projector (S),
// the gallery walk (G, stopping asks first), a broadcast message (B) and the
// agenda timeline (A).
import { App, Button, Drawer, Input, InputNumber, Modal, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Activity, Group, Workshop } from '../api/types';
import { TimerBadge } from '../facilitation/TimerBadge';
import type { LiveClient } from '../live/transport';
import type { ControlState } from '../protocol/messages.gen';
import { GroupMark } from '../shared/GroupMark';
import { AgendaTimeline } from './AgendaTimeline';
import './facilitation.css';

type Send = (op: Record<string, unknown> & { kind: string }) => void;

function typing(e: KeyboardEvent): boolean {
  if (e.altKey || e.ctrlKey || e.metaKey || e.repeat) return true;
  const el = e.target as HTMLElement | null;
  if (el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))) return true;
  return !!document.querySelector('.ant-modal-wrap, .ant-drawer-open');
}

export function FacilitationBar({
  workshop,
  cs,
  client,
  activity,
  groups,
  send,
}: {
  workshop: Workshop;
  cs: ControlState;
  client: LiveClient | null;
  activity?: Activity;
  groups: Group[];
  send: Send;
}) {
  const { t } = useTranslation('facilitation');
  const { message, modal } = App.useApp();
  const now = cs.now;
  const timer = now ? cs.timers?.[now] : undefined;
  const lock = now ? cs.locks?.[now] : undefined;
  const [minutes, setMinutes] = useState<number>(activity?.minutes || 10);
  const [openFor, setOpenFor] = useState<string[]>([]);
  const [broadcastOpen, setBroadcastOpen] = useState(false);
  const [broadcast, setBroadcast] = useState('');
  const [agendaOpen, setAgendaOpen] = useState(false);
  useEffect(() => setMinutes(activity?.minutes || 10), [activity?.id, activity?.minutes]);
  const opening = now ? cs.open?.[now] : undefined;
  useEffect(() => setOpenFor(opening && !opening.all ? (opening.groups ?? []) : []), [now, opening]);
  const groupName = (id: string) => groups.find((g) => g.id === id)?.name ?? id;

  const timerToggle = useCallback(() => {
    if (!now) return;
    if (!timer) send({ kind: 'timer.start', activity: now, seconds: Math.round(minutes * 60) });
    else send({ kind: timer.paused ? 'timer.resume' : 'timer.pause', activity: now });
  }, [now, timer, minutes, send]);
  const timerStop = () =>
    modal.confirm({
      title: t('timer.stopConfirm'),
      okText: t('timer.stop'),
      cancelText: t('cancel'),
      onOk: () => now && send({ kind: 'timer.stop', activity: now }),
    });
  const lockToggle = useCallback(() => {
    if (!now) return;
    if (lock?.all) {
      send({ kind: 'board.unlock', activity: now });
      return;
    }
    const before = lock;
    send({ kind: 'board.lock', activity: now });
    const key = 'lock-' + now;
    message.open({
      key,
      type: 'success',
      duration: 6,
      content: (
        <span>
          {t('lock.done')}{' '}
          <Button
            size="small"
            type="link"
            onClick={() => {
              message.destroy(key);
              send({ kind: 'board.unlock', activity: now });
              if (before && !before.all && before.groups?.length) send({ kind: 'board.lock', activity: now, groups: before.groups });
            }}
          >
            {t('undo')}
          </Button>
        </span>
      ),
    });
  }, [now, lock, send, message, t]);
  const galleryToggle = useCallback(() => {
    if (!now) return;
    if (cs.gallery) {
      modal.confirm({
        title: t('gallery.stopConfirm'),
        okText: t('gallery.stop'),
        cancelText: t('cancel'),
        onOk: () => send({ kind: 'gallery.stop' }),
      });
    } else send({ kind: 'gallery.start', activity: now });
  }, [now, cs.gallery, send, modal, t]);
  const spotlightNext = useCallback(() => {
    if (!now || groups.length === 0) return;
    const i = cs.spotlight ? groups.findIndex((g) => g.id === cs.spotlight!.group) : -1;
    send({ kind: 'spotlight.set', activity: now, group: groups[(i + 1) % groups.length].id });
  }, [now, groups, cs.spotlight, send]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e)) return;
      const k = e.key.toLowerCase();
      if (k === 't') timerToggle();
      else if (k === 'l') lockToggle();
      else if (k === 'g') galleryToggle();
      else if (k === 's') spotlightNext();
      else if (k === 'b') setBroadcastOpen(true);
      else if (k === 'a') setAgendaOpen(true);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [timerToggle, lockToggle, galleryToggle, spotlightNext]);

  const sendBroadcast = () => {
    const text = broadcast.trim();
    if (!text) return;
    send({ kind: 'broadcast.send', text });
    setBroadcast('');
    setBroadcastOpen(false);
  };

  return (
    <div className="pc-facilitation" aria-label={t('bar.label')} role="toolbar">
      <Space wrap size="middle" align="center">
        <Space.Compact>
          <Select
            mode="multiple"
            allowClear
            className="pc-open-for"
            value={openFor}
            onChange={setOpenFor}
            placeholder={t('open.allGroups')}
            aria-label={t('open.groupsLabel')}
            options={groups.map((g) => ({ value: g.id, label: g.name }))}
            maxTagCount="responsive"
            disabled={!now}
          />
          <Button onClick={() => now && send(openFor.length ? { kind: 'activity.open', activity: now, groups: openFor } : { kind: 'activity.open', activity: now })} disabled={!now}>
            {openFor.length ? t('open.forChosen', { count: openFor.length }) : t('open.forAll')}
          </Button>
        </Space.Compact>

        <Space.Compact className="pc-timer-controls">
          {!timer && (
            <InputNumber min={1} max={240} value={minutes} onChange={(v) => setMinutes(Number(v) || 1)} suffix={t('timer.min')} aria-label={t('timer.minutesLabel')} className="pc-minutes" />
          )}
          <Tooltip title={t('timer.hint')}>
            <Button type={timer ? 'default' : 'primary'} onClick={timerToggle} disabled={!now} aria-keyshortcuts="T">
              {!timer ? t('timer.start') : timer.paused ? t('timer.resume') : t('timer.pause')}
            </Button>
          </Tooltip>
          {timer && (
            <>
              <Button onClick={() => now && send({ kind: 'timer.add', activity: now, seconds: 60 })}>{t('timer.plusOne')}</Button>
              <Button danger onClick={timerStop}>
                {t('timer.stop')}
              </Button>
            </>
          )}
        </Space.Compact>
        {timer && <TimerBadge timer={timer} clockOffset={client?.clockOffset ?? 0} />}

        <Tooltip title={t('lock.hint')}>
          <Button onClick={lockToggle} disabled={!now} aria-keyshortcuts="L" aria-pressed={!!lock?.all}>
            {lock?.all ? t('lock.unlockAll') : t('lock.lockAll')}
          </Button>
        </Tooltip>
        {lock && !lock.all && <Tag>{t('lock.some', { count: lock.groups?.length ?? 0 })}</Tag>}

        <Tooltip title={t('spotlight.hint')}>
          <Select
            className="pc-spotlight"
            value={cs.spotlight?.group}
            placeholder={t('spotlight.choose')}
            aria-label={t('spotlight.label')}
            aria-keyshortcuts="S"
            allowClear
            onClear={() => send({ kind: 'spotlight.clear' })}
            onChange={(v) => v && now && send({ kind: 'spotlight.set', activity: now, group: v })}
            options={groups.map((g) => ({ value: g.id, label: <GroupMark position={g.position} name={g.name} size={14} /> }))}
            disabled={!now}
          />
        </Tooltip>

        <Tooltip title={t('gallery.hint')}>
          <Button type={cs.gallery ? 'primary' : 'default'} onClick={galleryToggle} disabled={!now} aria-keyshortcuts="G" aria-pressed={!!cs.gallery}>
            {cs.gallery ? t('gallery.stop') : t('gallery.start')}
          </Button>
        </Tooltip>

        <Tooltip title={t('broadcast.hint')}>
          <Button onClick={() => setBroadcastOpen(true)} aria-keyshortcuts="B">
            {t('broadcast.send')}
          </Button>
        </Tooltip>
        {cs.broadcast && (
          <Tag closable onClose={() => send({ kind: 'broadcast.clear' })} closeIcon={<span aria-label={t('broadcast.clear')}>×</span>}>
            {t('broadcast.current', { text: cs.broadcast.text })}
          </Tag>
        )}

        <Tooltip title={t('agenda.hint')}>
          <Button onClick={() => setAgendaOpen(true)} aria-keyshortcuts="A">
            {t('agenda.open')}
          </Button>
        </Tooltip>
      </Space>
      {cs.spotlight && (
        <Typography.Text type="secondary" className="pc-spot-note">
          {t('spotlight.now', { name: groupName(cs.spotlight.group) })}
        </Typography.Text>
      )}

      <Modal
        open={broadcastOpen}
        title={t('broadcast.title')}
        okText={t('broadcast.send')}
        cancelText={t('cancel')}
        onOk={sendBroadcast}
        onCancel={() => setBroadcastOpen(false)}
        okButtonProps={{ disabled: !broadcast.trim() }}
        destroyOnHidden
      >
        <Input.TextArea
          autoFocus
          rows={3}
          maxLength={280}
          showCount
          value={broadcast}
          onChange={(e) => setBroadcast(e.target.value)}
          aria-label={t('broadcast.textLabel')}
          placeholder={t('broadcast.placeholder')}
          onPressEnter={(e) => {
            if (!e.shiftKey) {
              e.preventDefault();
              sendBroadcast();
            }
          }}
        />
      </Modal>
      <Drawer open={agendaOpen} onClose={() => setAgendaOpen(false)} title={t('agenda.title')} size="large" destroyOnHidden>
        {workshop.curriculum && <AgendaTimeline curriculum={workshop.curriculum} cs={cs} send={send} />}
      </Drawer>
    </div>
  );
}
