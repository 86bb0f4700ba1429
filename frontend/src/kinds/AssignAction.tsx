// Turns a note of an actions board (2.2, 3.4, 5.3) into an action: an owner
// (a member of the group, or anyone by name) and a due date. Owners who are
// participants find it in their action plan.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonRef } from '../protocol/messages.gen';

export function AssignAction({
  owner,
  due,
  people,
  onAssign,
}: {
  owner?: PersonRef | null;
  due?: string;
  people: { id: string; name: string }[];
  onAssign: (owner: PersonRef | null, due: string) => void;
}) {
  const { t } = useTranslation('kinds');
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(owner?.name ?? '');
  const [date, setDate] = useState(due ?? '');
  const id = useId();
  if (!open) {
    return (
      <button type="button" className="pk-link" onClick={() => setOpen(true)}>
        {owner || due ? t('notes.reassign') : t('notes.assign')}
      </button>
    );
  }
  return (
    <form
      className="pk-assign"
      onSubmit={(e) => {
        e.preventDefault();
        const v = name.trim();
        const match = people.find((p) => p.name === v);
        onAssign(v ? (match ? { id: match.id, name: match.name } : { name: v }) : null, date);
        setOpen(false);
      }}
    >
      <label className="pp-label" htmlFor={id + '-owner'}>
        {t('notes.ownerLabel')}
      </label>
      <input id={id + '-owner'} className="pp-input" list={id + '-people'} value={name} maxLength={40} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      <datalist id={id + '-people'}>
        {people.map((p) => (
          <option key={p.id} value={p.name} />
        ))}
      </datalist>
      <label className="pp-label" htmlFor={id + '-due'}>
        {t('notes.dueLabel')}
      </label>
      <input id={id + '-due'} className="pp-input" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      <div className="pk-sheet-actions">
        <button type="button" className="pp-btn pp-btn-small" onClick={() => setOpen(false)}>
          {t('cancel')}
        </button>
        <button type="submit" className="pp-btn pp-btn-small pp-btn-primary">
          {t('save')}
        </button>
      </div>
    </form>
  );
}
