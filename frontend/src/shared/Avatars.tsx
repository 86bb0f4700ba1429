import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member } from '../protocol/messages.gen';
import { avatarColour, initials, people } from './people';

/** Presence: one avatar per person; tap (or hover) shows the names. */
export function Avatars({ members, max = 6, size = 32 }: { members: readonly Member[]; max?: number; size?: number }) {
  const { t } = useTranslation('common');
  const [open, setOpen] = useState(false);
  const list = people(members);
  if (list.length === 0) return null;
  const shown = list.slice(0, max);
  const rest = list.length - shown.length;
  const names = list.map((m) => (m.kind === 'trainer' ? t('presence.trainerName', { name: m.name }) : m.name)).join(t('presence.separator'));
  return (
    <div className="pb-avatars-wrap">
      <button
        type="button"
        className="pb-avatars pb-avatars-button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-label={t('presence.here', { count: list.length, names })}
        title={names}
      >
        {shown.map((m) => (
          <span
            key={m.id}
            className="pb-avatar"
            data-trainer={m.kind === 'trainer'}
            style={{ background: avatarColour(m.id), width: size, height: size, fontSize: Math.round(size * 0.4) }}
            title={m.name}
          >
            {initials(m.name)}
          </span>
        ))}
        {rest > 0 && (
          <span className="pb-avatar pb-avatar-more" style={{ width: size, height: size, fontSize: Math.round(size * 0.4) }}>
            {t('presence.more', { count: rest })}
          </span>
        )}
      </button>
      {open && <div className="pb-avatars-names">{t('presence.here', { count: list.length, names })}</div>}
    </div>
  );
}
