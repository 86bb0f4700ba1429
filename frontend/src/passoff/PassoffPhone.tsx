// The pass-off on a participant's phone: the scenario, who performs now with
// the timer, the participant's place in the queue and results, and — for a
// judge — their score sheet. Loaded only when the agenda reaches a pass-off.
import { useTranslation } from 'react-i18next';
import type { ParticipantView } from '../api/types';
import { useBoard } from '../live/hooks';
import type { LiveClient } from '../live/transport';
import type { RoundState } from '../protocol/messages.gen';
import { JudgeSheet } from './JudgeSheet';
import { attemptsInOrder, clock, currentAttempt, secondsLeft } from './model';
import { useNow } from './useNow';
import './passoff.css';

export default function PassoffPhone({ client, view, activity }: { client: LiveClient; view: ParticipantView; activity: string }) {
  const { t } = useTranslation('passoff');
  const roundId = view.workshop_boards?.[activity];
  const round = useBoard(client, roundId);
  const rs = round.state as unknown as RoundState | null;
  const me = view.participant.id;
  const cur = currentAttempt(rs);
  const deadline = rs?.current?.deadline;
  const now = useNow(client.clockOffset, !!deadline);
  const left = secondsLeft(deadline, now);
  if (!roundId || !rs) return null;
  const judge = rs.judges.find((j) => j.id === me);
  const place = rs.queue.findIndex((q) => q.performer === me);
  const mine = attemptsInOrder(rs).filter((a) => a.performer === me && a.status === 'revealed' && a.result);

  return (
    <>
      {rs.scenario.title && (
        <section className="po-card">
          <p className="po-eyebrow">{t('phone.scenario')}</p>
          <h2 className="po-title">{rs.scenario.title}</h2>
          {rs.scenario.brief && <p className="po-muted">{rs.scenario.brief}</p>}
        </section>
      )}
      <section className="po-card" aria-live="polite" data-testid="now-performing">
        {cur ? (
          <div className="po-now">
            <div>
              <p className="po-eyebrow">{cur.calibration ? t('phone.demo') : t('phone.performing')}</p>
              <p className="po-title">{cur.performer === me ? t('phone.you') : cur.name}</p>
            </div>
            {left !== null && (
              <span className={`po-timer${left === 0 ? ' is-late' : ''}`} role="timer" aria-label={t('phone.timeLeft')}>
                {clock(left)}
              </span>
            )}
          </div>
        ) : (
          <p className="po-title">{t('phone.between')}</p>
        )}
        {place >= 0 && <p className="po-muted">{place === 0 ? t('phone.nextUp') : t('phone.queued', { place: place + 1 })}</p>}
        {judge && <p className="po-muted">{t('phone.youJudge')}</p>}
      </section>
      {judge && <JudgeSheet client={client} sheetId={judge.sheet} rubric={rs.rubric} />}
      {mine.length > 0 && (
        <section className="po-card" data-testid="my-results">
          <h2 className="po-title">{t('phone.myResults')}</h2>
          {mine.map((a) => (
            <div key={a.id} className="po-result">
              <span>{t('phone.try', { n: a.try })}</span>
              <span>
                {t('percent', { value: a.result!.percent.toFixed(1) })}{' '}
                <span className={a.result!.passed ? 'po-pass' : 'po-fail'}>{a.result!.passed ? t('pass') : t('fail')}</span>
              </span>
            </div>
          ))}
        </section>
      )}
    </>
  );
}
