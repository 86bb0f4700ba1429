// The reflection kind: the participant's own answers and commitments. Nobody
// else sees this board — not the group, not the trainer; it feeds the
// participant's action plan.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pick } from '../i18n';
import { newId } from '../live/ids';
import type { PersonalAction, Prompt, ReflectionState } from '../protocol/messages.gen';
import type { BoardProps } from './types';

export default function ReflectionBoard({ client, view, readOnly }: BoardProps) {
  const { t, i18n } = useTranslation('kinds');
  const s = view.state as unknown as ReflectionState;
  const lang = i18n.language;
  const submit = (op: Record<string, unknown> & { kind: string }) => client.submit(view.id, op);
  const actions = Object.values(s.actions ?? {}).sort((a, b) => a.pos - b.pos);
  return (
    <section className="pk-reflection" aria-label={t('reflection.label')}>
      <p className="pk-private">{t('reflection.private')}</p>
      {(s.prompts ?? []).map((p) => (
        <Answer key={p.id} prompt={p} stored={s.answers?.[p.id]?.text ?? ''} lang={lang} readOnly={readOnly} onSave={(text) => submit({ kind: 'answer.set', prompt: p.id, text })} />
      ))}
      {s.actions_on && (
        <section className="pk-actions" aria-labelledby="pk-actions-title">
          <h3 id="pk-actions-title" className="pk-zone-title">
            {t('reflection.actions')}
          </h3>
          <ul className="pk-action-list">
            {actions.map((a) => (
              <ActionItem key={a.id} action={a} readOnly={readOnly} submit={submit} />
            ))}
          </ul>
          {!readOnly && <NewAction onAdd={(text, due) => submit({ kind: 'action.add', id: 'a-' + newId(), text, due })} />}
        </section>
      )}
    </section>
  );
}

function Answer({ prompt, stored, lang, readOnly, onSave }: { prompt: Prompt; stored: string; lang: string; readOnly: boolean; onSave: (text: string) => void }) {
  const { t } = useTranslation('kinds');
  const [draft, setDraft] = useState<string | null>(null);
  const id = `pk-answer-${prompt.id}`;
  const value = draft ?? stored;
  return (
    <div className="pk-field">
      <label htmlFor={id} className="pk-field-label">
        {pick(prompt.title, lang)}
      </label>
      {prompt.hint && <p className="pk-hint">{pick(prompt.hint, lang)}</p>}
      <textarea
        id={id}
        className="pp-input pk-input"
        rows={4}
        maxLength={4000}
        value={value}
        readOnly={readOnly}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => {
          if (draft !== null && draft.trim() !== stored) onSave(draft);
          setDraft(null);
        }}
      />
      <p className="pk-hint">{draft !== null && draft.trim() !== stored ? t('reflection.unsaved') : stored ? t('reflection.saved') : ''}</p>
    </div>
  );
}

function ActionItem({ action, readOnly, submit }: { action: PersonalAction; readOnly: boolean; submit: (op: Record<string, unknown> & { kind: string }) => void }) {
  const { t } = useTranslation('kinds');
  return (
    <li className={`pk-action${action.done ? ' is-done' : ''}`}>
      <label className="pk-check">
        <input type="checkbox" checked={action.done} disabled={readOnly} onChange={(e) => submit({ kind: 'action.done', id: action.id, done: e.target.checked })} />
        <span>{action.text}</span>
      </label>
      <span className="pk-due">{action.due ? t('reflection.due', { date: action.due }) : t('reflection.noDue')}</span>
      {!readOnly && (
        <button type="button" className="pk-link" onClick={() => submit({ kind: 'action.delete', id: action.id })} aria-label={t('reflection.deleteAction', { text: action.text })}>
          {t('reflection.delete')}
        </button>
      )}
    </li>
  );
}

function NewAction({ onAdd }: { onAdd: (text: string, due: string) => void }) {
  const { t } = useTranslation('kinds');
  const [text, setText] = useState('');
  const [due, setDue] = useState('');
  return (
    <form
      className="pk-new-action"
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) return;
        onAdd(text.trim(), due);
        setText('');
        setDue('');
      }}
    >
      <label className="pp-label" htmlFor="pk-new-action">
        {t('reflection.newAction')}
      </label>
      <input id="pk-new-action" className="pp-input" value={text} maxLength={500} onChange={(e) => setText(e.target.value)} placeholder={t('reflection.newActionPlaceholder')} />
      <label className="pp-label" htmlFor="pk-new-due">
        {t('reflection.dueLabel')}
      </label>
      <input id="pk-new-due" className="pp-input" type="date" value={due} onChange={(e) => setDue(e.target.value)} />
      <button type="submit" className="pp-btn pp-btn-block" disabled={!text.trim()}>
        {t('reflection.add')}
      </button>
    </form>
  );
}
