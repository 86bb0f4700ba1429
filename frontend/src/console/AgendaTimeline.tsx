// The agenda on a timeline: both days with every lecture, activity, case,
// sharing and break block at its clock time, the "now" marker everyone's
// screen follows, and drag and drop (pointer or keyboard) to reorder — each
// drop is one agenda.move on the control board.
import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { HolderOutlined } from '@ant-design/icons';
import { Button, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { agendaSplit, blockTitle, currentBlock, timedAgenda, type TimedBlock } from '../facilitation/agenda';
import { pick } from '../i18n';
import type { ControlState, Curriculum } from '../protocol/messages.gen';

const TYPE_COLOURS: Record<string, string> = { lecture: 'blue', activity: 'green', case: 'purple', sharing: 'cyan', break: 'default' };

export function AgendaTimeline({ curriculum, cs, send }: { curriculum: Curriculum; cs: ControlState; send: (op: Record<string, unknown> & { kind: string }) => void }) {
  const { t, i18n } = useTranslation('facilitation');
  const lang = i18n.language;
  const [optimistic, setOptimistic] = useState<string[][] | null>(null);
  // The server's order replaces the local guess as soon as it arrives.
  useEffect(() => setOptimistic(null), [cs.order]);
  const liveCs = useMemo(() => (optimistic ? { ...cs, order: optimistic } : cs), [cs, optimistic]);
  const days = useMemo(() => timedAgenda(curriculum, liveCs), [curriculum, liveCs]);
  const now = currentBlock(days, liveCs);
  const split = agendaSplit(days);
  const total = split.lecture + split.group || 1;
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));

  const onDragEnd = (e: DragEndEvent) => {
    const id = String(e.active.id);
    if (!e.over) return;
    const over = String(e.over.id);
    const ids = days.map((d) => d.map((tb) => tb.block.id));
    const from = ids.findIndex((d) => d.includes(id));
    const to = over.startsWith('day:') ? Number(over.slice(4)) : ids.findIndex((d) => d.includes(over));
    if (from < 0 || to < 0) return;
    const target = ids[to].filter((x) => x !== id);
    let index = over.startsWith('day:') ? target.length : ids[to].indexOf(over);
    if (over === id) return;
    if (from === to && index < 0) return;
    index = Math.max(0, Math.min(index, target.length));
    const next = ids.map((d) => d.filter((x) => x !== id));
    next[to] = [...target.slice(0, index), id, ...target.slice(index)];
    setOptimistic(next);
    send({ kind: 'agenda.move', block: id, day: to, index });
  };

  return (
    <div className="pc-timeline">
      <div className="pc-timeline-summary">
        <Typography.Text>
          {t('agenda.split', {
            lecture: split.lecture,
            group: split.group,
            lecturePct: Math.round((split.lecture / total) * 100),
            groupPct: Math.round((split.group / total) * 100),
          })}
        </Typography.Text>
        <div className="pc-split-bar" aria-hidden="true">
          <span style={{ width: `${(split.lecture / total) * 100}%` }} />
        </div>
        {cs.order && (
          <Button size="small" onClick={() => send({ kind: 'agenda.reset' })}>
            {t('agenda.reset')}
          </Button>
        )}
      </div>
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <div className="pc-timeline-days">
          {days.map((d, di) => (
            <Day key={di} index={di} title={pick(curriculum.agenda.days[di]?.title, lang)} blocks={d}>
              {d.map((tb) => (
                <BlockRow
                  key={tb.block.id}
                  tb={tb}
                  title={blockTitle(curriculum, tb, lang)}
                  isNow={now?.block.id === tb.block.id}
                  onNow={() => send({ kind: 'now.set', block: tb.block.id })}
                />
              ))}
            </Day>
          ))}
        </div>
      </DndContext>
    </div>
  );
}

function Day({ index, title, blocks, children }: { index: number; title: string; blocks: TimedBlock[]; children: React.ReactNode }) {
  const { t } = useTranslation('facilitation');
  const { setNodeRef, isOver } = useDroppable({ id: `day:${index}` });
  const minutes = blocks.filter((b) => b.block.type !== 'break').reduce((n, b) => n + b.minutes, 0);
  return (
    <section ref={setNodeRef} className={`pc-day${isOver ? ' is-over' : ''}`} aria-label={title} data-day={index}>
      <header className="pc-day-head">
        <Typography.Title level={5}>{title}</Typography.Title>
        <Typography.Text type="secondary">{t('agenda.dayMinutes', { hours: Math.floor(minutes / 60), minutes: minutes % 60 })}</Typography.Text>
      </header>
      <SortableContext items={blocks.map((b) => b.block.id)} strategy={verticalListSortingStrategy}>
        <ol className="pc-blocks">{children}</ol>
      </SortableContext>
    </section>
  );
}

function BlockRow({ tb, title, isNow, onNow }: { tb: TimedBlock; title: string; isNow: boolean; onNow: () => void }) {
  const { t } = useTranslation('facilitation');
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: tb.block.id });
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`pc-block pc-block-${tb.block.type}${isNow ? ' is-now' : ''}${isDragging ? ' is-dragging' : ''}`}
      data-block={tb.block.id}
    >
      <button type="button" ref={setActivatorNodeRef} className="pc-drag" aria-label={t('agenda.drag', { title })} {...attributes} {...listeners}>
        <HolderOutlined />
      </button>
      <span className="pc-block-time">{tb.clock}</span>
      <Tag color={TYPE_COLOURS[tb.block.type]} className="pc-block-type">
        {t(`block.${tb.block.type}`)}
      </Tag>
      <span className="pc-block-title">{title}</span>
      <span className="pc-block-min">{t('agenda.minutes', { count: tb.minutes })}</span>
      {isNow ? (
        <Tag color="red" className="pc-now-tag">
          {t('agenda.now')}
        </Tag>
      ) : (
        <Tooltip title={t('agenda.setNowHint')}>
          <Button size="small" type="text" onClick={onNow} aria-label={t('agenda.setNow', { title })}>
            {t('agenda.setNowShort')}
          </Button>
        </Tooltip>
      )}
    </li>
  );
}
