// A case, full screen on a participant's phone: the participant view only
// (the server never sends teaching notes to participants).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi, type PublicCase } from '../api/cases';
import { PageLoading } from '../shared/PageLoading';
import { caseErrorText } from './errors';
import { CaseView } from './CaseView';
import './cases.css';

export default function CaseReader({ workshopId, caseId, onClose }: { workshopId: string; caseId: string; onClose: () => void }) {
  const { t, i18n } = useTranslation(['cases', 'errors']);
  const [c, setCase] = useState<PublicCase | null>(null);
  const [error, setError] = useState('');
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let live = true;
    setCase(null);
    setError('');
    casesApi.participantCase(workshopId, caseId).then(
      (r) => live && setCase(r),
      (e) => live && setError(caseErrorText(t, e)),
    );
    return () => {
      live = false;
    };
  }, [workshopId, caseId, t]);

  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    const overflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => {
      window.removeEventListener('keydown', onKey);
      document.body.style.overflow = overflow;
    };
  }, [onClose]);

  return (
    <div className="cs-reader" role="dialog" aria-modal="true" aria-label={t('participant.readerLabel')}>
      <div className="cs-reader-bar">
        <button ref={closeRef} type="button" className="cs-reader-back" onClick={onClose}>
          {t('participant.back')}
        </button>
      </div>
      <div className="cs-reader-body">
        {error ? (
          <p className="cs-error" role="alert">
            {error}
          </p>
        ) : c ? (
          <CaseView c={c} lang={i18n.language} size="phone" />
        ) : (
          <PageLoading />
        )}
      </div>
    </div>
  );
}
