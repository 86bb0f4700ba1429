// Where the agenda stands, for the room: the block on now, the one before and
// the next few, with their clock times.
import { blockTitle, currentBlock, timedAgenda } from '../facilitation/agenda';
import type { ControlState, Curriculum } from '../protocol/messages.gen';

export function AgendaStrip({ curriculum, cs, lang }: { curriculum: Curriculum; cs: ControlState; lang: string }) {
  const days = timedAgenda(curriculum, cs);
  const now = currentBlock(days, cs);
  if (!now) return null;
  const list = days[now.day] ?? [];
  const i = list.findIndex((tb) => tb.block.id === now.block.id);
  const shown = list.slice(Math.max(0, i - 1), i + 4);
  return (
    <ol className="pj-agenda">
      {shown.map((tb) => (
        <li key={tb.block.id} className={`pj-agenda-row${tb.block.id === now.block.id ? ' is-now' : ''}`} data-block={tb.block.id}>
          <span className="pj-agenda-time">{tb.clock}</span>
          <span className="pj-agenda-title">{blockTitle(curriculum, tb, lang)}</span>
        </li>
      ))}
    </ol>
  );
}
