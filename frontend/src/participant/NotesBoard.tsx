// The notes board on a phone: lanes stacked, notes as cards, dot voting on
// each card, and a sheet to add, edit, move, merge or delete a note.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pick } from '../i18n';
import type { BoardView } from '../live/boardStore';
import { newNoteId } from '../live/ids';
import { notesByLane, topRanks } from '../live/notes';
import { dotsBy, dotsOn } from '../live/votes';
import type { LiveClient } from '../live/transport';
import type { Member, Note, NotesState, PersonRef } from '../protocol/messages.gen';
import { AssignAction } from '../kinds/AssignAction';
import { ItemComments, VotesLeft } from '../kinds/common';
import { NoteSheet, type SheetTarget } from './NoteSheet';

export function NotesBoard({ client, view, readOnly: locked, visiting }: { client: LiveClient; view: BoardView; readOnly: boolean; visiting?: boolean }) {
  // A gallery visitor votes (and reads comments) but does not edit.
  const readOnly = locked || !!visiting;
  const canVote = !locked || !!visiting;
  const { t, i18n } = useTranslation('participant');
  const s = view.state as unknown as NotesState;
  const me = client.you?.id ?? '';
  const [sheet, setSheet] = useState<SheetTarget | null>(null);
  const byLane = useMemo(() => notesByLane(s), [s]);
  const ranks = useMemo(() => topRanks(s), [s]);
  const used = dotsBy(s.votes, me);
  const left = Math.max(0, (s.votes_per_person ?? 0) - used);
  const editors = useMemo(() => editorsByNote(view.members, client.conn), [view.members, client.conn]);
  const lang = i18n.language;
  const people = useMemo(() => {
    const m = new Map<string, string>();
    for (const x of view.members) if (x.kind === 'participant') m.set(x.id, x.name);
    if (client.you?.kind === 'participant') m.set(client.you.id, client.you.name);
    return [...m.entries()].map(([id, name]) => ({ id, name }));
  }, [view.members, client.you]);

  const open = (target: SheetTarget) => {
    if (readOnly) return;
    setSheet(target);
    if (target.mode === 'edit') client.setEditing(view.id, target.note.id);
  };
  const close = () => {
    setSheet(null);
    client.setEditing(view.id, null);
  };
  const submit = (op: Record<string, unknown> & { kind: string }) => client.submit(view.id, op);

  return (
    <section className="pn-board" aria-label={t('board.label')}>
      {canVote && (
        <VotesLeft perPerson={s.votes_per_person ?? 0} used={used} className="pn-votebar" />
      )}
      {[...byLane.entries()].map(([laneId, notes]) => {
        const lane = s.lanes.find((l) => l.id === laneId);
        if (!lane && notes.length === 0) return null;
        const title = lane ? pick(lane.title, lang) : laneId;
        return (
          <section key={laneId} className="pn-lane" aria-labelledby={`lane-${laneId}`}>
            <header className="pn-lane-head">
              <h2 id={`lane-${laneId}`} className="pn-lane-title">
                {title}
                <span className="pn-count">{t('board.noteCount', { count: notes.length })}</span>
              </h2>
              {!readOnly && lane && (
                <button type="button" className="pp-btn pp-btn-small" onClick={() => open({ mode: 'add', lane: laneId })} aria-label={t('board.addTo', { lane: title })}>
                  {t('board.add')}
                </button>
              )}
            </header>
            {notes.length === 0 ? (
              <p className="pn-empty">{readOnly ? t('board.emptyLaneReadOnly') : t('board.emptyLane')}</p>
            ) : (
              <ul className="pn-notes">
                {notes.map((n) => (
                  <NoteCard
                    key={n.id}
                    note={n}
                    state={s}
                    me={me}
                    left={left}
                    rank={ranks.get(n.id)}
                    pending={view.pendingKeys.has(`notes/${n.id}`) || view.pendingKeys.has(`votes/${n.id}`)}
                    editors={editors.get(n.id)}
                    readOnly={readOnly}
                    canVote={canVote}
                    comments={s.comments}
                    people={s.actions && !readOnly ? people : undefined}
                    onAssign={(owner, due) => submit({ kind: 'note.assign', id: n.id, owner, due })}
                    onOpen={() => open({ mode: 'edit', note: n })}
                    onVote={(kind) => submit({ kind, note: n.id })}
                  />
                ))}
              </ul>
            )}
          </section>
        );
      })}
      {sheet && (
        <NoteSheet
          target={sheet}
          state={s}
          lang={lang}
          onClose={close}
          onAdd={(lane, text) => submit({ kind: 'note.add', id: newNoteId(), lane, text })}
          onEdit={(note, text) => submit({ kind: 'note.edit', id: note.id, text })}
          onMove={(note, lane) => submit({ kind: 'note.move', id: note.id, lane })}
          onDelete={(note) => submit({ kind: 'note.delete', id: note.id })}
          onMerge={(note, into) => submit({ kind: 'note.merge', id: note.id, into })}
        />
      )}
    </section>
  );
}

function editorsByNote(members: readonly Member[], myConn?: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of members) {
    if (!m.editing || m.conn === myConn) continue;
    const names = out.get(m.editing) ?? [];
    if (!names.includes(m.name)) names.push(m.name);
    out.set(m.editing, names);
  }
  return out;
}

function NoteCard({
  note,
  state,
  me,
  left,
  rank,
  pending,
  editors,
  readOnly,
  canVote,
  comments,
  people,
  onAssign,
  onOpen,
  onVote,
}: {
  note: Note;
  state: NotesState;
  me: string;
  left: number;
  rank?: number;
  pending: boolean;
  editors?: string[];
  readOnly: boolean;
  canVote: boolean;
  comments?: NotesState['comments'];
  people?: { id: string; name: string }[];
  onAssign: (owner: PersonRef | null, due: string) => void;
  onOpen: () => void;
  onVote: (kind: 'vote.add' | 'vote.remove') => void;
}) {
  const { t } = useTranslation(['participant', 'kinds', 'common']);
  const total = dotsOn(state.votes, note.id);
  const mine = state.votes?.[note.id]?.[me] ?? 0;
  return (
    <li className={`pn-note${rank ? ' is-top' : ''}${pending ? ' is-pending' : ''}`} data-note={note.id}>
      {rank && <span className="pn-rank">{t('board.rank', { rank })}</span>}
      {readOnly ? (
        <p className="pn-text">{note.text}</p>
      ) : (
        <button type="button" className="pn-text pn-text-button" onClick={onOpen} aria-label={t('board.editNote', { text: note.text })}>
          {note.text}
        </button>
      )}
      <div className="pn-meta">
        <span className="pn-author">
          {note.author.name}
          {pending && <span className="pn-pending">{t('board.saving')}</span>}
          {editors && editors.length > 0 && <span className="pn-editing">{t('board.editing', { names: editors.join(t('common:presence.separator')) })}</span>}
        </span>
        <span className="pn-votes">
          {canVote && mine > 0 && (
            <button type="button" className="pn-vote-btn" onClick={() => onVote('vote.remove')} aria-label={t('board.unvote')}>
              −
            </button>
          )}
          <span className="pn-total" aria-label={t('board.votesOnNote', { count: total, mine })} data-total={total}>
            <i className={mine > 0 ? 'pn-dot is-mine' : 'pn-dot'} aria-hidden="true" />
            {total}
          </span>
          {canVote && (
            <button type="button" className="pn-vote-btn pn-vote-add" onClick={() => onVote('vote.add')} disabled={left === 0} aria-label={t('board.vote')}>
              +
            </button>
          )}
        </span>
      </div>
      {(note.owner || note.due) && (
        <p className="pn-action-meta">
          {note.owner && t('kinds:notes.owner', { name: note.owner.name })}
          {note.owner && note.due && t('common:presence.separator')}
          {note.due && t('kinds:notes.due', { date: note.due })}
        </p>
      )}
      {people && <AssignAction owner={note.owner} due={note.due} people={people} onAssign={onAssign} />}
      <ItemComments comments={comments} item={note.id} />
    </li>
  );
}
