// A bottom sheet (native <dialog>) to write a new note or change one.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { pick } from '../i18n';
import type { Note, NotesState } from '../protocol/messages.gen';

export type SheetTarget = { mode: 'add'; lane: string } | { mode: 'edit'; note: Note };

const MAX = 500;

export function NoteSheet({
  target,
  state,
  lang,
  onClose,
  onAdd,
  onEdit,
  onMove,
  onDelete,
  onMerge,
}: {
  target: SheetTarget;
  state: NotesState;
  lang: string;
  onClose: () => void;
  onAdd: (lane: string, text: string) => void;
  onEdit: (note: Note, text: string) => void;
  onMove: (note: Note, lane: string) => void;
  onDelete: (note: Note) => void;
  onMerge: (note: Note, into: string) => void;
}) {
  const { t } = useTranslation('participant');
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const editing = target.mode === 'edit' ? target.note : null;
  const [text, setText] = useState(editing?.text ?? '');
  const [lane, setLane] = useState(editing?.lane ?? (target.mode === 'add' ? target.lane : ''));
  const [mergeInto, setMergeInto] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState('');

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) {
      // Browsers without <dialog> support (and jsdom) get a plain open sheet.
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
    }
    return () => {
      if (typeof d?.close === 'function') d.close();
    };
  }, []);

  const length = [...text.trim()].length;
  const save = (e: FormEvent) => {
    e.preventDefault();
    const value = text.trim();
    if (!value) return setError(t('sheet.textRequired'));
    if (length > MAX) return setError(t('sheet.textTooLong', { max: MAX }));
    if (editing) {
      if (value !== editing.text) onEdit(editing, value);
      if (lane !== editing.lane) onMove(editing, lane);
    } else {
      onAdd(lane, value);
    }
    onClose();
  };
  const others = editing ? Object.values(state.notes).filter((n) => n.id !== editing.id) : [];

  return (
    <dialog ref={ref} className="pn-sheet" aria-labelledby={`${id}-title`} onCancel={(e) => (e.preventDefault(), onClose())}>
      <form onSubmit={save} noValidate>
        <h2 id={`${id}-title`} className="pp-h2">
          {editing ? t('sheet.editTitle') : t('sheet.addTitle')}
        </h2>
        <label className="pp-label" htmlFor={`${id}-text`}>
          {t('sheet.text')}
        </label>
        <textarea
          id={`${id}-text`}
          className="pp-input pn-textarea"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setError('');
          }}
          rows={4}
          autoFocus
          placeholder={t('sheet.placeholder')}
          aria-invalid={!!error}
          aria-describedby={`${id}-hint`}
        />
        <p id={`${id}-hint`} className={error ? 'pp-field-error' : 'pn-counter'} role={error ? 'alert' : undefined}>
          {error || t('sheet.counter', { count: length, max: MAX })}
        </p>
        <label className="pp-label" htmlFor={`${id}-lane`}>
          {t('sheet.lane')}
        </label>
        <select id={`${id}-lane`} className="pp-input" value={lane} onChange={(e) => setLane(e.target.value)}>
          {state.lanes.map((l) => (
            <option key={l.id} value={l.id}>
              {pick(l.title, lang)}
            </option>
          ))}
        </select>
        <div className="pn-sheet-actions">
          <button type="button" className="pp-btn" onClick={onClose}>
            {t('sheet.cancel')}
          </button>
          <button type="submit" className="pp-btn pp-btn-primary">
            {t('sheet.save')}
          </button>
        </div>

        {editing && (
          <div className="pn-sheet-more">
            {others.length > 0 && (
              <div className="pn-merge">
                <label className="pp-label" htmlFor={`${id}-merge`}>
                  {t('sheet.mergeLabel')}
                </label>
                <div className="pn-row">
                  <select id={`${id}-merge`} className="pp-input" value={mergeInto} onChange={(e) => setMergeInto(e.target.value)}>
                    <option value="">{t('sheet.mergeChoose')}</option>
                    {others.map((n) => (
                      <option key={n.id} value={n.id}>
                        {n.text.length > 40 ? n.text.slice(0, 40) + '…' : n.text}
                      </option>
                    ))}
                  </select>
                  <button
                    type="button"
                    className="pp-btn"
                    disabled={!mergeInto}
                    onClick={() => {
                      onMerge(editing, mergeInto);
                      onClose();
                    }}
                  >
                    {t('sheet.merge')}
                  </button>
                </div>
              </div>
            )}
            {confirmDelete ? (
              <div className="pn-row">
                <button type="button" className="pp-btn pp-btn-danger" onClick={() => (onDelete(editing), onClose())}>
                  {t('sheet.confirmDelete')}
                </button>
                <button type="button" className="pp-btn" onClick={() => setConfirmDelete(false)}>
                  {t('sheet.keep')}
                </button>
              </div>
            ) : (
              <button type="button" className="pp-btn pp-btn-danger-outline" onClick={() => setConfirmDelete(true)}>
                {t('sheet.delete')}
              </button>
            )}
          </div>
        )}
      </form>
    </dialog>
  );
}
