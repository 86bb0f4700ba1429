// The case-draft board (案例萃取) on a phone or laptop: the group writes up
// one of its own cases field by field — title, situation, what was done,
// results, lessons. A field is saved when the writer pauses or leaves it;
// the last save wins, and everyone sees who is writing which field.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pick } from '../i18n';
import type { BoardView } from '../live/boardStore';
import type { LiveClient } from '../live/transport';
import type { CaseDraftState, DraftPrompt } from '../protocol/messages.gen';
import { MAX_DRAFT_TEXT, MAX_DRAFT_TITLE } from './predict';
import './cases.css';

const SAVE_AFTER_MS = 1500;

export function CaseDraftBoard({ client, view, readOnly }: { client: LiveClient; view: BoardView; readOnly: boolean }) {
  const { t } = useTranslation('cases');
  const s = view.state as unknown as CaseDraftState;
  const editors = useMemo(() => {
    const out = new Map<string, string[]>();
    for (const m of view.members) {
      if (!m.editing || m.conn === client.conn) continue;
      out.set(m.editing, [...new Set([...(out.get(m.editing) ?? []), m.name])]);
    }
    return out;
  }, [view.members, client.conn]);
  const filled = (s.prompts ?? []).filter((p) => s.fields?.[p.id]?.text).length;
  return (
    <section className="cs-draft" aria-label={t('draft.label')}>
      <p className="cs-draft-progress" aria-live="polite">
        {t('draft.progress', { done: filled, total: s.prompts?.length ?? 0 })}
      </p>
      {(s.prompts ?? []).map((p) => (
        <DraftField
          key={p.id}
          prompt={p}
          state={s}
          readOnly={readOnly}
          pending={view.pendingKeys.has(`fields/${p.id}`)}
          editors={editors.get(p.id)}
          onFocus={() => client.setEditing(view.id, p.id)}
          onBlur={() => client.setEditing(view.id, null)}
          onSave={(text) => client.submit(view.id, { kind: 'field.set', field: p.id, text })}
        />
      ))}
    </section>
  );
}

function DraftField({
  prompt,
  state,
  readOnly,
  pending,
  editors,
  onFocus,
  onBlur,
  onSave,
}: {
  prompt: DraftPrompt;
  state: CaseDraftState;
  readOnly: boolean;
  pending: boolean;
  editors?: string[];
  onFocus: () => void;
  onBlur: () => void;
  onSave: (text: string) => void;
}) {
  const { t, i18n } = useTranslation('cases');
  const lang = i18n.language;
  const saved = state.fields?.[prompt.id];
  const savedText = saved?.text ?? '';
  const [text, setText] = useState(savedText);
  const [focused, setFocused] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const isTitle = prompt.id === 'title';
  const max = isTitle ? MAX_DRAFT_TITLE : MAX_DRAFT_TEXT;
  const id = `draft-${prompt.id}`;

  // Others' saves show while this field is not being written here.
  useEffect(() => {
    if (!focused) setText(savedText);
  }, [savedText, focused]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const save = (value: string) => {
    clearTimeout(timer.current);
    if (value.trim() === savedText.trim()) return;
    if ([...value].length > max) return;
    if (!value.trim() && !savedText) return;
    onSave(value);
  };
  const change = (value: string) => {
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => save(value), SAVE_AFTER_MS);
  };
  const length = [...text].length;
  const tooLong = length > max;
  const Input = isTitle ? 'input' : 'textarea';
  return (
    <div className={`cs-draft-field${isTitle ? ' is-title' : ''}`}>
      <label htmlFor={id} className="cs-draft-label">
        {pick(prompt.label, lang)}
      </label>
      {(prompt.hint['zh-CN'] || prompt.hint.en) && (
        <p className="cs-draft-hint" id={`${id}-hint`}>
          {pick(prompt.hint, lang)}
        </p>
      )}
      <Input
        id={id}
        className="cs-draft-input"
        value={text}
        readOnly={readOnly}
        aria-describedby={`${id}-hint ${id}-status`}
        aria-invalid={tooLong || undefined}
        rows={isTitle ? undefined : 5}
        onFocus={() => {
          setFocused(true);
          onFocus();
        }}
        onBlur={() => {
          setFocused(false);
          save(text);
          onBlur();
        }}
        onChange={(e) => change(e.target.value)}
      />
      <p className="cs-draft-status" id={`${id}-status`} aria-live="polite">
        {tooLong ? (
          <span className="cs-draft-error">{t('draft.tooLong', { max })}</span>
        ) : editors && editors.length > 0 ? (
          <span>{t('draft.editing', { names: editors.join(t('draft.separator')) })}</span>
        ) : pending ? (
          <span>{t('draft.saving')}</span>
        ) : saved ? (
          <span>{t('draft.savedBy', { name: saved.author.name })}</span>
        ) : (
          <span />
        )}
        <span className="cs-draft-count">{t('draft.counter', { count: length, max })}</span>
      </p>
    </div>
  );
}

export default CaseDraftBoard;
