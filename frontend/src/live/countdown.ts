// Countdown timers of the control board. The server stores each running
// timer's deadline (ends_at, UTC) and, when paused, what was left; a screen
// shows deadline − (local clock + offset), where offset is the server clock
// minus the local clock measured from the welcome frame. So every phone, the
// console and the projector show the same time, also after a reconnect.
import { useEffect, useState } from 'react';
import type { Timer } from '../protocol/messages.gen';

/** Milliseconds left on a timer at local time `now` (never negative). */
export function remainingMs(timer: Timer | undefined | null, clockOffset: number, now: number = Date.now()): number | null {
  if (!timer) return null;
  if (timer.paused) return Math.max(0, timer.remaining_ms ?? 0);
  if (!timer.ends_at) return null;
  const end = Date.parse(timer.ends_at);
  if (Number.isNaN(end)) return null;
  return Math.max(0, end - (now + clockOffset));
}

/** "mm:ss" (or "h:mm:ss"), rounding up so 00:00 shows only when time is up. */
export function formatClock(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Re-renders every quarter second while a timer runs; returns what is left (ms) or null. */
export function useCountdown(timer: Timer | undefined | null, clockOffset: number): number | null {
  const [, tick] = useState(0);
  const running = !!timer && !timer.paused && !!timer.ends_at;
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => tick((n) => n + 1), 250);
    return () => clearInterval(id);
  }, [running]);
  return remainingMs(timer, clockOffset);
}
