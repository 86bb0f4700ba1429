// Pieces every kind's board shares: dot votes, the votes left, and the
// comments (the trainer's coaching, and gallery visitors' remarks) on an item.
import { useTranslation } from 'react-i18next';
import { dotsBy, dotsOn, type Votes } from '../live/votes';
import type { Comment } from '../protocol/messages.gen';
import './kinds.css';

export { dotsBy, dotsOn };

/** "Votes left" with one dot per vote (className styles the bar). */
export function VotesLeft({ perPerson, used, className = 'pk-votebar' }: { perPerson: number; used: number; className?: string }) {
  const { t } = useTranslation('kinds');
  if (perPerson <= 0) return null;
  const left = Math.max(0, perPerson - used);
  return (
    <div className={className} aria-live="polite">
      <span className="pk-dots" aria-hidden="true">
        {Array.from({ length: perPerson }, (_, i) => (
          <i key={i} className={i < left ? 'is-left' : ''} />
        ))}
      </span>
      <span>{t('votes.left', { count: left, total: perPerson })}</span>
    </div>
  );
}

/** The dots on an item, with − and + when the person may vote. */
export function VoteControl({
  votes,
  item,
  me,
  perPerson,
  canVote,
  onVote,
}: {
  votes: Votes;
  item: string;
  me: string;
  perPerson: number;
  canVote: boolean;
  onVote: (kind: 'vote.add' | 'vote.remove') => void;
}) {
  const { t } = useTranslation('kinds');
  if (perPerson <= 0) return null;
  const total = dotsOn(votes, item);
  const mine = votes?.[item]?.[me] ?? 0;
  const left = perPerson - dotsBy(votes, me);
  return (
    <span className="pk-votes">
      {canVote && mine > 0 && (
        <button type="button" className="pk-vote-btn" onClick={() => onVote('vote.remove')} aria-label={t('votes.remove')}>
          −
        </button>
      )}
      <span className="pk-total" aria-label={t('votes.on', { count: total, mine })} data-total={total}>
        <i className={mine > 0 ? 'pk-dot is-mine' : 'pk-dot'} aria-hidden="true" />
        {total}
      </span>
      {canVote && (
        <button type="button" className="pk-vote-btn pk-vote-add" onClick={() => onVote('vote.add')} disabled={left <= 0} aria-label={t('votes.add')}>
          +
        </button>
      )}
    </span>
  );
}

/** The comments on one item (or on the board, item ""), oldest first. */
export function ItemComments({ comments, item }: { comments: Record<string, Comment> | undefined; item: string }) {
  const { t } = useTranslation('kinds');
  const list = Object.values(comments ?? {})
    .filter((c) => c.item === item)
    .sort((a, b) => a.seq - b.seq);
  if (list.length === 0) return null;
  return (
    <ul className="pk-comments" aria-label={t('comments.label')}>
      {list.map((c) => (
        <li key={c.id} className={c.author.kind === 'trainer' ? 'pk-comment is-coach' : 'pk-comment'} data-comment={c.id}>
          <span className="pk-comment-who">{c.author.kind === 'trainer' ? t('comments.coach', { name: c.author.name }) : c.author.name}</span>
          <span className="pk-comment-text">{c.text}</span>
        </li>
      ))}
    </ul>
  );
}
