import { describe, expect, it } from 'vitest';
import { formatClock, remainingMs } from './countdown';

describe('countdown', () => {
  const now = Date.parse('2026-12-01T01:00:00.000Z');
  it('counts down to the stored deadline, corrected by the server clock offset', () => {
    const t = { seconds: 600, ends_at: '2026-12-01T01:10:00.000Z', paused: false, seq: 1 };
    expect(remainingMs(t, 0, now)).toBe(600_000);
    // This phone's clock is 30 s behind the server's: offset = +30 s.
    expect(remainingMs(t, 30_000, now)).toBe(570_000);
    expect(remainingMs(t, 0, now + 700_000)).toBe(0);
  });
  it('shows what is left of a paused timer', () => {
    expect(remainingMs({ seconds: 600, paused: true, remaining_ms: 125_400, seq: 2 }, 0, now)).toBe(125_400);
    expect(remainingMs(undefined, 0, now)).toBeNull();
  });
  it('formats minutes and seconds, rounding up', () => {
    expect(formatClock(600_000)).toBe('10:00');
    expect(formatClock(59_001)).toBe('01:00');
    expect(formatClock(400)).toBe('00:01');
    expect(formatClock(0)).toBe('00:00');
    expect(formatClock(3_725_000)).toBe('1:02:05');
  });
});
