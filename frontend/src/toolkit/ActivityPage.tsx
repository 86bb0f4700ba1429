// /w/:workshopId/a/:activityId — one activity's board of the participant's
// group (or their own, for a reflection), reached from the toolkit: to look
// back at the group's output, or to work on it while the trainer keeps it open.
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { pick } from '../i18n';
import { BOARD_COMPONENTS } from '../kinds/registry';
import { useBoard, useLiveClient } from '../live/hooks';
import { findActivity } from '../participant/curriculum';
import { useParticipantView } from '../participant/useView';
import '../participant/participant.css';
import type { ControlState } from '../protocol/messages.gen';
import { PageLoading } from '../shared/PageLoading';
import { apiErrorText } from '../shared/errors';
import './toolkit.css';
import { ToolkitShell } from './ToolkitShell';

export default function ActivityPage() {
  const { workshopId = '', activityId = '' } = useParams();
  const { t, i18n } = useTranslation(['toolkit', 'participant', 'errors']);
  const { view, error } = useParticipantView(workshopId);
  const client = useLiveClient(view ? workshopId : undefined, 'participant');
  const control = useBoard(client, view?.control_board);
  const boardId = view?.boards[activityId];
  const board = useBoard(client, boardId);
  if (error) return <p className="pp-card">{apiErrorText(t, error)}</p>;
  if (!view) return <PageLoading />;
  const lang = i18n.language;
  const { module, activity } = findActivity(view.curriculum, activityId);
  const cs = control.state as unknown as ControlState | null;
  const open = cs?.open?.[activityId];
  const group = view.group?.id ?? '';
  const lock = cs?.locks?.[activityId];
  const editable = !!open && (open.all || (open.groups ?? []).includes(group)) && !(lock && (lock.all || (lock.groups ?? []).includes(group)));
  const Board = board.kind ? BOARD_COMPONENTS[board.kind] : undefined;
  return (
    <ToolkitShell back={`/w/${workshopId}/toolkit`} backLabel={t('backToToolkit')}>
      {!activity ? (
        <p className="pp-card">{t('noActivity')}</p>
      ) : (
        <>
          <section className="pp-activity">
            {module && <p className="pp-eyebrow">{t('module', { number: module.number, title: pick(module.title, lang) })}</p>}
            <h1 className="pp-question">{pick(activity.question, lang)}</h1>
            {!editable && <p className="pp-muted">{t('readOnly')}</p>}
          </section>
          {!boardId || !Board ? (
            board.status === 'loading' && boardId ? <PageLoading /> : <p className="pp-card">{t('participant:board.later')}</p>
          ) : !board.state || !client ? (
            <PageLoading />
          ) : (
            <Suspense fallback={<PageLoading />}>
              <Board client={client} view={board} readOnly={!editable} />
            </Suspense>
          )}
        </>
      )}
    </ToolkitShell>
  );
}
