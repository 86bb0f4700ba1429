// The canvas kind on a phone: notes in the named zones of a picture. The
// iceberg pictures (4.2 needs, 6.1 talent) put the zones above the water line
// first, then the water line, then the zones below it. Each zone shows how
// many notes it holds (and how many it asks for).
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pick } from '../i18n';
import { newNoteId } from '../live/ids';
import type { CanvasNote, CanvasState, Zone } from '../protocol/messages.gen';
import { dotsBy, ItemComments, VoteControl, VotesLeft } from './common';
import type { BoardProps } from './types';

type Draft = { mode: 'add'; zone: string } | { mode: 'edit'; note: CanvasNote };

export default function CanvasBoard({ client, view, readOnly, visiting }: BoardProps) {
  const { t, i18n } = useTranslation('kinds');
  const s = view.state as unknown as CanvasState;
  const lang = i18n.language;
  const me = client.you?.id ?? '';
  const editable = !readOnly && !visiting;
  const [draft, setDraft] = useState<Draft | null>(null);
  const byZone = useMemo(() => {
    const m = new Map<string, CanvasNote[]>();
    for (const z of s.zones ?? []) m.set(z.id, []);
    for (const n of Object.values(s.notes ?? {})) m.get(n.zone)?.push(n);
    for (const list of m.values()) list.sort((a, b) => a.pos - b.pos || a.id.localeCompare(b.id));
    return m;
  }, [s.zones, s.notes]);
  const submit = (op: Record<string, unknown> & { kind: string }) => client.submit(view.id, op);
  const iceberg = s.picture === 'iceberg';
  const above = (s.zones ?? []).filter((z) => !iceberg || z.layer === 'above');
  const below = iceberg ? (s.zones ?? []).filter((z) => z.layer === 'below') : [];

  const zone = (z: Zone) => (
    <ZoneCard
      key={z.id}
      zone={z}
      notes={byZone.get(z.id) ?? []}
      state={s}
      lang={lang}
      me={me}
      editable={editable}
      canVote={!readOnly || !!visiting}
      pendingKeys={view.pendingKeys}
      onAdd={() => setDraft({ mode: 'add', zone: z.id })}
      onEdit={(note) => {
        setDraft({ mode: 'edit', note });
        client.setEditing(view.id, note.id);
      }}
      onVote={(kind, note) => submit({ kind, note })}
    />
  );

  return (
    <section className={`pk-canvas${iceberg ? ' is-iceberg' : ''}`} aria-label={t('canvas.label')}>
      {!readOnly && (s.votes_per_person ?? 0) > 0 && <VotesLeft perPerson={s.votes_per_person} used={dotsBy(s.votes, me)} />}
      {iceberg && <p className="pk-layer-title">{t('canvas.above')}</p>}
      <div className="pk-zones">{above.map(zone)}</div>
      {iceberg && (
        <>
          <svg className="pk-waterline" viewBox="0 0 400 24" preserveAspectRatio="none" role="img" aria-label={t('canvas.waterline')}>
            <path d="M0 12 Q 25 0 50 12 T 100 12 T 150 12 T 200 12 T 250 12 T 300 12 T 350 12 T 400 12 V 24 H 0 Z" />
          </svg>
          <div className="pk-below">
            <p className="pk-layer-title">{t('canvas.below')}</p>
            <div className="pk-zones">{below.map(zone)}</div>
          </div>
        </>
      )}
      <ItemComments comments={s.comments} item="" />
      {draft && (
        <NoteEditor
          draft={draft}
          state={s}
          lang={lang}
          onClose={() => {
            setDraft(null);
            client.setEditing(view.id, null);
          }}
          submit={submit}
        />
      )}
    </section>
  );
}

function ZoneCard({
  zone,
  notes,
  state,
  lang,
  me,
  editable,
  canVote,
  pendingKeys,
  onAdd,
  onEdit,
  onVote,
}: {
  zone: Zone;
  notes: CanvasNote[];
  state: CanvasState;
  lang: string;
  me: string;
  editable: boolean;
  canVote: boolean;
  pendingKeys: ReadonlySet<string>;
  onAdd: () => void;
  onEdit: (n: CanvasNote) => void;
  onVote: (kind: 'vote.add' | 'vote.remove', note: string) => void;
}) {
  const { t } = useTranslation('kinds');
  const count = state.counts?.[zone.id] ?? notes.length;
  const short = (zone.min ?? 0) > count;
  const title = pick(zone.title, lang);
  return (
    <section className={`pk-zone${short ? ' is-short' : ''}`} data-zone={zone.id} aria-label={title}>
      <header className="pk-zone-head">
        <h3 className="pk-zone-title">
          {title}
          <span className="pk-count">{zone.min ? t('canvas.countOf', { count, min: zone.min }) : t('canvas.count', { count })}</span>
        </h3>
        {editable && (
          <button type="button" className="pp-btn pp-btn-small" onClick={onAdd} aria-label={t('canvas.addTo', { zone: title })}>
            {t('canvas.add')}
          </button>
        )}
      </header>
      {zone.hint && <p className="pk-hint">{pick(zone.hint, lang)}</p>}
      <ul className="pk-notes">
        {notes.map((n) => {
          const tag = state.tags?.find((x) => x.id === n.tag);
          const pending = pendingKeys.has(`notes/${n.id}`);
          return (
            <li key={n.id} className={`pk-note${pending ? ' is-pending' : ''}`} data-note={n.id}>
              {editable ? (
                <button type="button" className="pk-note-text pk-text-button" onClick={() => onEdit(n)} aria-label={t('canvas.edit', { text: n.text })}>
                  {n.text}
                </button>
              ) : (
                <p className="pk-note-text">{n.text}</p>
              )}
              <div className="pk-note-meta">
                <span>
                  {tag && <span className={`pk-tag pk-tag-${state.tags.indexOf(tag) % 4}`}>{pick(tag.title, lang)}</span>}
                  <span className="pk-author">{n.author.name}</span>
                </span>
                <VoteControl votes={state.votes} item={n.id} me={me} perPerson={state.votes_per_person ?? 0} canVote={canVote} onVote={(k) => onVote(k, n.id)} />
              </div>
              <ItemComments comments={state.comments} item={n.id} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function NoteEditor({
  draft,
  state,
  lang,
  onClose,
  submit,
}: {
  draft: Draft;
  state: CanvasState;
  lang: string;
  onClose: () => void;
  submit: (op: Record<string, unknown> & { kind: string }) => void;
}) {
  const { t } = useTranslation('kinds');
  const note = draft.mode === 'edit' ? draft.note : undefined;
  const [text, setText] = useState(note?.text ?? '');
  const [tag, setTag] = useState(note?.tag ?? '');
  const [zone, setZone] = useState(note?.zone ?? (draft.mode === 'add' ? draft.zone : ''));
  const [error, setError] = useState('');
  const save = () => {
    const v = text.trim();
    if (!v) return setError(t('canvas.textRequired'));
    if ([...v].length > 500) return setError(t('canvas.textTooLong'));
    if (!note) submit({ kind: 'note.add', id: newNoteId(), zone, text: v, ...(tag ? { tag } : {}) });
    else {
      if (v !== note.text) submit({ kind: 'note.edit', id: note.id, text: v });
      if ((note.tag ?? '') !== tag) submit({ kind: 'note.tag', id: note.id, tag });
      if (zone !== note.zone) submit({ kind: 'note.move', id: note.id, zone });
    }
    onClose();
  };
  return (
    <div className="pk-sheet-backdrop" role="presentation" onClick={onClose}>
      <div className="pk-sheet" role="dialog" aria-modal="true" aria-labelledby="pk-sheet-title" onClick={(e) => e.stopPropagation()}>
        <h2 id="pk-sheet-title" className="pp-h2">
          {note ? t('canvas.editTitle') : t('canvas.addTitle')}
        </h2>
        <label className="pp-label" htmlFor="pk-canvas-text">
          {t('canvas.text')}
        </label>
        <textarea id="pk-canvas-text" className="pp-input" rows={3} value={text} autoFocus onChange={(e) => setText(e.target.value)} aria-invalid={!!error} />
        {error && <p className="pp-field-error">{error}</p>}
        {(state.tags ?? []).length > 0 && (
          <fieldset className="pp-fieldset">
            <legend className="pp-label">{t('canvas.tag')}</legend>
            <div className="pk-chips">
              {state.tags.map((x) => (
                <button key={x.id} type="button" className={`pk-chip${tag === x.id ? ' is-on' : ''}`} aria-pressed={tag === x.id} onClick={() => setTag(tag === x.id ? '' : x.id)}>
                  {pick(x.title, lang)}
                </button>
              ))}
            </div>
          </fieldset>
        )}
        <label className="pp-label" htmlFor="pk-canvas-zone">
          {t('canvas.zone')}
        </label>
        <select id="pk-canvas-zone" className="pp-input" value={zone} onChange={(e) => setZone(e.target.value)}>
          {state.zones.map((z) => (
            <option key={z.id} value={z.id}>
              {pick(z.title, lang)}
            </option>
          ))}
        </select>
        <div className="pk-sheet-actions">
          {note && (
            <button
              type="button"
              className="pp-btn pk-danger"
              onClick={() => {
                submit({ kind: 'note.delete', id: note.id });
                onClose();
              }}
            >
              {t('canvas.delete')}
            </button>
          )}
          <button type="button" className="pp-btn" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="button" className="pp-btn pp-btn-primary" onClick={save}>
            {t('save')}
          </button>
        </div>
      </div>
    </div>
  );
}
