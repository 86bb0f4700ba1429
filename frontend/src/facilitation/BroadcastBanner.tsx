// The trainer's broadcast message, on every screen until they clear it (a
// participant may hide it on their own phone).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Broadcast } from '../protocol/messages.gen';
import './facilitation.css';

export function BroadcastBanner({ broadcast, dismissible = true, size = 'normal' }: { broadcast?: Broadcast | null; dismissible?: boolean; size?: 'normal' | 'large' }) {
  const { t } = useTranslation('facilitation');
  const [hidden, setHidden] = useState(0);
  if (!broadcast || hidden === broadcast.seq) return null;
  return (
    <div className={`pf-broadcast pf-broadcast-${size}`} role="status" aria-live="assertive">
      <span className="pf-broadcast-label">{t('broadcast.label')}</span>
      <span className="pf-broadcast-text">{broadcast.text}</span>
      {dismissible && (
        <button type="button" className="pf-broadcast-close" onClick={() => setHidden(broadcast.seq)} aria-label={t('broadcast.hide')}>
          ×
        </button>
      )}
    </div>
  );
}
