import { useTranslation } from 'react-i18next';
import type { LiveStatus } from '../live/transport';

/** A thin banner while the live connection is down; edits queue meanwhile. */
export function ConnectionBanner({ status, queued = 0 }: { status: LiveStatus; queued?: number }) {
  const { t } = useTranslation('common');
  if (status !== 'offline') return null;
  return (
    <div className="pb-conn-banner" role="status" aria-live="polite">
      {t('connection.reconnecting')}
      {queued > 0 && <span> {t('connection.queued', { count: queued })}</span>}
    </div>
  );
}
