// Loads what the trainer's pass-off pages need before they go live: the
// workshop and its round's boards. A trainer who is not signed in is sent to
// sign in and brought back to `back`.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../api/client';
import type { PassoffInfo, Workshop } from '../api/types';
import { apiErrorText } from '../shared/errors';

export function usePassoffInfo(id: string, activity: string, back: string) {
  const { t } = useTranslation('errors');
  const navigate = useNavigate();
  const [workshop, setWorkshop] = useState<Workshop | null>(null);
  const [info, setInfo] = useState<PassoffInfo | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    Promise.all([api.workshop(id), api.passoff(id, activity)]).then(
      ([w, i]) => {
        setWorkshop(w);
        setInfo(i);
      },
      (e) => {
        if (e instanceof ApiError && e.status === 401) navigate(`/login?next=${encodeURIComponent(back)}`, { replace: true });
        else setError(apiErrorText(t, e));
      },
    );
  }, [id, activity, back, navigate, t]);
  return { workshop, info, error };
}
