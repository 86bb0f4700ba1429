// The workshop's participants for the trainer's screens, refreshed every few
// seconds (joins are not broadcast); null until the first answer. reload
// refreshes at once, after the trainer changed the roster.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Participant } from '../api/types';

export function useRoster(workshopId: string): { participants: Participant[] | null; reload: () => void } {
  const [participants, setParticipants] = useState<Participant[] | null>(null);
  const reload = useCallback(() => {
    api.participants(workshopId).then((r) => setParticipants(r.participants), () => {});
  }, [workshopId]);
  useEffect(() => {
    reload();
    const timer = setInterval(reload, 5000);
    return () => clearInterval(timer);
  }, [reload]);
  return { participants, reload };
}
