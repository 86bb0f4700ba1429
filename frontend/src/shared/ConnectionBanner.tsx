import { useTranslation } from 'react-i18next';
import type { LiveStatus } from '../live/transport';

/** A thin banner while the live connection is down; edits queue meanwhile. */
export function ConnectionBanner({ status, queued = 0, inline = false }: { status: LiveStatus; queued?: number; inline?: boolean }) {
  const { t } = useTranslation('common');
  if (status !== 'offline') return null;
  return (
    <div className={inline ? 'pb-conn-banner pb-conn-banner-inline' : 'pb-conn-banner'} role="status" aria-live="polite">
      {t('connection.reconnecting')}
      {queued > 0 && <span> {t('connection.queued', { count: queued })}</span>}
    </div>
  );
}
