// The participant view (GET /api/p/:workshop) for the participant's other
// pages; a missing cookie sends them to the join page.
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../api/client';
import type { ParticipantView } from '../api/types';

export function useParticipantView(workshopId: string | undefined): { view: ParticipantView | null; error: unknown } {
  const navigate = useNavigate();
  const [view, setView] = useState<ParticipantView | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!workshopId) return;
    api.participantView(workshopId).then(setView, (e) => {
      if (e instanceof ApiError && e.status === 401) navigate('/j', { replace: true });
      else setError(e);
    });
  }, [workshopId, navigate]);
  return { view, error };
}
