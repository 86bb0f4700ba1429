// The poll kind on a phone: the options as large buttons, the live counts as
// bars; a person changes their choice until the trainer locks the board.
import { useTranslation } from 'react-i18next';
import { pick } from '../i18n';
import type { PollState } from '../protocol/messages.gen';
import type { BoardProps } from './types';

export default function PollBoard({ client, view, readOnly, visiting }: BoardProps) {
  const { t, i18n } = useTranslation('kinds');
  const s = view.state as unknown as PollState;
  const me = client.you?.id ?? '';
  const mine = s.ballots?.[me] ?? [];
  const total = Object.keys(s.ballots ?? {}).length;
  const canVote = !readOnly && !visiting;
  const vote = (id: string) => {
    if (!canVote) return;
    let next: string[];
    if (s.multiple) {
      next = mine.includes(id) ? mine.filter((x) => x !== id) : [...mine, id];
      if (s.max_choices && next.length > s.max_choices) return;
    } else next = [id];
    client.submit(view.id, next.length ? { kind: 'poll.vote', choices: next } : { kind: 'poll.retract' });
  };
  return (
    <section className="pk-poll" aria-label={t('poll.label')}>
      <p className="pk-muted">
        {s.multiple ? (s.max_choices ? t('poll.manyUpTo', { max: s.max_choices }) : t('poll.many')) : t('poll.one')} · {t('poll.voters', { count: total })}
      </p>
      <ul className="pk-options" role={s.multiple ? 'group' : 'radiogroup'}>
        {(s.options ?? []).map((o) => {
          const n = s.counts?.[o.id] ?? 0;
          const share = total ? Math.round((n / total) * 100) : 0;
          const on = mine.includes(o.id);
          return (
            <li key={o.id}>
              <button
                type="button"
                role={s.multiple ? 'checkbox' : 'radio'}
                aria-checked={on}
                className={`pk-option${on ? ' is-on' : ''}`}
                disabled={!canVote}
                onClick={() => vote(o.id)}
                data-option={o.id}
              >
                <span className="pk-option-bar" style={{ width: `${share}%` }} aria-hidden="true" />
                <span className="pk-option-label">{pick(o.title, i18n.language)}</span>
                <span className="pk-option-count" aria-label={t('poll.count', { count: n })}>
                  {n}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {canVote && mine.length > 0 && (
        <button type="button" className="pk-link" onClick={() => client.submit(view.id, { kind: 'poll.retract' })}>
          {t('poll.retract')}
        </button>
      )}
    </section>
  );
}
