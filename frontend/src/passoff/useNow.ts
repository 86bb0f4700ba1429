// The current time, corrected by the server's clock and ticking once a second
// while a timer is shown.
import { useEffect, useState } from 'react';

export function useNow(offsetMs: number, ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now() + offsetMs);
  useEffect(() => {
    setNow(Date.now() + offsetMs);
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now() + offsetMs), 500);
    return () => clearInterval(timer);
  }, [offsetMs, ticking]);
  return now;
}
