// The case on the projector: the participant view of the case the trainer
// chose (control board `case`), large, for the room. No teaching notes ever
// come here: the projector loads the participant view.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi, type PublicCase } from '../api/cases';
import { PageLoading } from '../shared/PageLoading';
import { CaseView } from './CaseView';
import { caseErrorText } from './errors';
import './cases.css';

export default function ProjectorCase({ workshopId, caseId }: { workshopId: string; caseId: string }) {
  const { t, i18n } = useTranslation(['cases', 'errors']);
  const [c, setCase] = useState<PublicCase | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    setCase(null);
    setError('');
    casesApi.projectorCase(workshopId, caseId).then(
      (r) => live && setCase(r),
      (e) => live && setError(caseErrorText(t, e)),
    );
    return () => {
      live = false;
    };
  }, [workshopId, caseId, t]);
  if (error) return <p className="cs-error">{error}</p>;
  if (!c) return <PageLoading />;
  return (
    <div className="cs-projector">
      <p className="cs-projector-label">{t('projector.label')}</p>
      <CaseView c={c} lang={i18n.language} size="projector" only={['questions', 'situation', 'actions', 'results', 'exhibits']} />
    </div>
  );
}
