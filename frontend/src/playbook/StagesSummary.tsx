// A group's stages in compact form for the trainer's grid: each stage with
// its probability, and how many checks still fail.
import { useTranslation } from 'react-i18next';
import type { StagesState } from '../protocol/messages.gen';

export function StagesSummary({ state }: { state: StagesState }) {
  const { t } = useTranslation('playbook');
  const stages = Object.values(state.stages ?? {}).sort((a, b) => a.pos - b.pos || a.id.localeCompare(b.id));
  const issues = state.issues?.length ?? 0;
  return (
    <div className="pc-compact">
      <div className={issues > 0 ? 'pb-summary-warn' : 'pb-summary-ok'} data-issues={issues}>
        {issues > 0 ? t('converge.issues', { count: issues }) : t('converge.clean')}
      </div>
      <ol className="pb-summary">
        {stages.map((s) => (
          <li key={s.id}>
            <span>{s.name || t('stages.unnamed')}</span> <b>{s.probability}%</b>
          </li>
        ))}
      </ol>
    </div>
  );
}
