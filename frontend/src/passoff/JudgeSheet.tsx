// A judge's score sheet: criterion by criterion, every level's behavioural
// anchor in view, then a review and submit. Used on the judges' phones and in
// the trainer's console. Only its owner ever receives this board.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pick } from '../i18n';
import { useBoard } from '../live/hooks';
import type { LiveClient } from '../live/transport';
import type { Rubric, SheetState } from '../protocol/messages.gen';
import { levels, missingCriteria, sheetMode } from './model';
import './passoff.css';

export function JudgeSheet({ client, sheetId, rubric }: { client: LiveClient; sheetId: string; rubric: Rubric | null }) {
  const { t, i18n } = useTranslation('passoff');
  const lang = i18n.language;
  const board = useBoard(client, sheetId);
  const sheet = board.state as unknown as SheetState | null;
  const mode = sheetMode(sheet);
  const attempt = sheet?.current?.attempt ?? '';
  const [step, setStep] = useState(0);
  // A new performance starts at the first criterion.
  useEffect(() => setStep(0), [attempt]);

  if (!sheet || !rubric) return null;
  const performer = sheet.current?.performer ?? '';
  if (mode === 'not-judge') return null;
  if (mode === 'idle')
    return (
      <section className="po-card po-status" aria-live="polite">
        <p className="po-title">{t('judge.idle')}</p>
        <p className="po-muted">{t('judge.idleHint')}</p>
      </section>
    );
  if (mode === 'self')
    return (
      <section className="po-card po-status" aria-live="polite">
        <p className="po-title">{t('judge.self')}</p>
        <p className="po-muted">{t('judge.selfHint')}</p>
      </section>
    );
  const submit = () => client.submit(sheetId, { kind: 'sheet.submit', attempt });
  if (mode === 'submitted' || mode === 'revealed')
    return (
      <section className="po-card po-status" aria-live="polite" data-testid="sheet-done">
        <p className="po-status-icon" aria-hidden="true">
          ✓
        </p>
        <p className="po-title">{mode === 'revealed' ? t('judge.revealed', { name: performer }) : t('judge.submitted', { name: performer })}</p>
        <p className="po-muted">{mode === 'revealed' ? t('judge.revealedHint') : t('judge.submittedHint')}</p>
        {mode === 'submitted' && (
          <button type="button" className="po-btn" onClick={() => client.submit(sheetId, { kind: 'sheet.reopen', attempt })}>
            {t('judge.reopen')}
          </button>
        )}
      </section>
    );

  const criteria = rubric.criteria.filter((c) => sheet.criteria.includes(c.id));
  const reviewing = step >= criteria.length;
  const missing = missingCriteria(sheet);
  const pending = (id: string) => board.pendingKeys.has(`scores/${id}`);
  const choose = (id: string, v: number) => {
    const first = sheet.scores?.[id] === undefined;
    client.submit(sheetId, { kind: 'score.set', attempt, criterion: id, score: v });
    if (first) setStep((s) => s + 1);
  };

  return (
    <section className="po-card" aria-labelledby="po-sheet-title" data-testid="judge-sheet">
      <p className="po-eyebrow">{sheet.current?.calibration ? t('judge.calibrating') : t('judge.scoring')}</p>
      <h2 id="po-sheet-title" className="po-title">
        {performer}
      </h2>
      <ol className="po-progress" aria-label={t('judge.progress')}>
        {criteria.map((c, i) => (
          <li key={c.id} style={{ flex: 1, display: 'flex' }}>
            <button
              type="button"
              className={sheet.scores?.[c.id] !== undefined ? 'is-done' : ''}
              aria-current={i === step ? 'step' : undefined}
              aria-label={t('judge.goTo', { name: pick(c.name, lang) })}
              onClick={() => setStep(i)}
            >
              {sheet.scores?.[c.id] ?? '·'}
            </button>
          </li>
        ))}
        <li style={{ flex: 1, display: 'flex' }}>
          <button type="button" aria-current={reviewing ? 'step' : undefined} aria-label={t('judge.review')} onClick={() => setStep(criteria.length)}>
            ✓
          </button>
        </li>
      </ol>
      {!reviewing ? (
        (() => {
          const c = criteria[step];
          const chosen = sheet.scores?.[c.id];
          return (
            <div>
              <p className="po-eyebrow">{t('judge.step', { n: step + 1, total: criteria.length })}</p>
              <div className="po-now">
                <h3 className="po-criterion-name">
                  {pick(c.name, lang)}
                  {c.min_level != null && <span className="po-must">{t('judge.mustPass', { level: c.min_level })}</span>}
                </h3>
                <span className="po-weight">{t('judge.weight', { weight: c.weight })}</span>
              </div>
              {c.description && <p className="po-criterion-desc">{pick(c.description, lang)}</p>}
              <ul className="po-levels" aria-label={t('judge.levels', { name: pick(c.name, lang) })}>
                {levels(rubric.scale).map((v, i) => (
                  <li key={v}>
                    <button
                      type="button"
                      className={`po-level${chosen === v && pending(c.id) ? ' po-pending' : ''}`}
                      aria-pressed={chosen === v}
                      data-level={v}
                      onClick={() => choose(c.id, v)}
                    >
                      <span className="po-level-n">{v}</span>
                      <span>{pick(c.anchors[i], lang)}</span>
                    </button>
                  </li>
                ))}
              </ul>
              <div className="po-nav">
                <button type="button" className="po-btn" disabled={step === 0} onClick={() => setStep(step - 1)}>
                  {t('judge.prev')}
                </button>
                <button type="button" className="po-btn" onClick={() => setStep(step + 1)}>
                  {step === criteria.length - 1 ? t('judge.toReview') : t('judge.next')}
                </button>
              </div>
            </div>
          );
        })()
      ) : (
        <div>
          <h3 className="po-criterion-name">{t('judge.review')}</h3>
          <ul className="po-review">
            {criteria.map((c, i) => (
              <li key={c.id}>
                <span>{pick(c.name, lang)}</span>
                <button type="button" onClick={() => setStep(i)} aria-label={t('judge.change', { name: pick(c.name, lang) })}>
                  {sheet.scores?.[c.id] ?? '—'}
                </button>
              </li>
            ))}
          </ul>
          {missing.length > 0 && <p className="po-muted">{t('judge.missing', { count: missing.length })}</p>}
          <button type="button" className="po-btn po-btn-primary" style={{ width: '100%' }} disabled={missing.length > 0} onClick={submit}>
            {t('judge.submit')}
          </button>
        </div>
      )}
    </section>
  );
}
