// The activity's countdown, the same on every phone, the console and the
// projector: computed from the stored deadline and the server clock offset.
import { useTranslation } from 'react-i18next';
import { formatClock, useCountdown } from '../live/countdown';
import type { Timer } from '../protocol/messages.gen';
import './facilitation.css';

export function TimerBadge({ timer, clockOffset, size = 'small' }: { timer: Timer | undefined; clockOffset: number; size?: 'small' | 'large' | 'huge' }) {
  const { t } = useTranslation('facilitation');
  const left = useCountdown(timer, clockOffset);
  if (left === null || !timer) return null;
  const up = left <= 0;
  const warn = !up && left <= 60_000;
  const label = up ? t('timer.up') : timer.paused ? t('timer.pausedAt', { time: formatClock(left) }) : t('timer.left', { time: formatClock(left) });
  return (
    <span className={`pf-timer pf-timer-${size}${up ? ' is-up' : warn ? ' is-warn' : ''}${timer.paused ? ' is-paused' : ''}`} role="timer" aria-label={label} data-remaining={Math.ceil(left / 1000)}>
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <circle cx="12" cy="13" r="8" fill="none" stroke="currentColor" strokeWidth="2" />
        <path d="M12 13V9M9 2h6" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <span className="pf-timer-digits">{up ? t('timer.upShort') : formatClock(left)}</span>
      {timer.paused && !up && <span className="pf-timer-note">{t('timer.paused')}</span>}
    </span>
  );
}
