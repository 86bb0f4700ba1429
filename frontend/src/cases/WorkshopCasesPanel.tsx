// The console's "cases" tab: which cases each activity's participants can
// open, attaching more from the library (search), previewing what
// participants see, showing one on the projector, and turning a group's case
// draft (案例萃取) into a case of the client's library.
import { App, Button, Card, Checkbox, Drawer, Empty, Input, Select, Space, Tag, Typography } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { casesApi, variantIn, type Attachment, type CaseListItem, type PublicCase } from '../api/cases';
import type { BoardRef, Workshop } from '../api/types';
import { pick } from '../i18n';
import { activityLabel } from '../facilitation/agenda';
import { allActivities } from '../participant/curriculum';
import { PageLoading } from '../shared/PageLoading';
import { caseErrorText } from './errors';
import './cases.css';

const CaseView = lazy(() => import('./CaseView'));

export interface WorkshopCasesPanelProps {
  workshop: Workshop;
  boards: BoardRef[];
  /** The activity the agenda is at. */
  now?: string;
  /** The case on the projector (control board `case`). */
  shownCase?: string;
  /** Sends a control-board operation. */
  send: (op: Record<string, unknown> & { kind: string }) => void;
}

export function WorkshopCasesPanel({ workshop, boards, now, shownCase, send }: WorkshopCasesPanelProps) {
  const { t, i18n } = useTranslation(['cases', 'errors']);
  const lang = i18n.language;
  const { message } = App.useApp();
  const [attachments, setAttachments] = useState<Attachment[] | null>(null);
  const [suggestions, setSuggestions] = useState<Attachment[]>([]);
  const activities = useMemo(() => allActivities(workshop.curriculum), [workshop.curriculum]);
  const [activity, setActivity] = useState<string | undefined>(now ?? activities[0]?.activity.id);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<CaseListItem[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [preview, setPreview] = useState<PublicCase | null>(null);

  const load = useCallback(async () => {
    try {
      const r = await casesApi.workshopCases(workshop.id);
      setAttachments(r.attachments);
      setSuggestions(r.suggestions);
    } catch (e) {
      message.error(caseErrorText(t, e));
    }
  }, [workshop.id, message, t]);
  useEffect(() => {
    load();
  }, [load]);
  useEffect(() => {
    if (now) setActivity(now);
  }, [now]);

  const search = async (q: string) => {
    setQuery(q);
    setSearching(true);
    try {
      const r = await casesApi.list({ q, lang: lang === 'en' ? 'en' : 'zh-CN' });
      setResults(r.cases);
    } catch (e) {
      message.error(caseErrorText(t, e));
    } finally {
      setSearching(false);
    }
  };

  const attach = async (caseId: string) => {
    if (!activity) return;
    try {
      await casesApi.attach(workshop.id, activity, caseId);
      message.success(t('console.attached', { activity }));
      await load();
    } catch (e) {
      message.error(caseErrorText(t, e));
    }
  };
  const detach = async (a: Attachment) => {
    try {
      await casesApi.detach(workshop.id, a.activity, a.case.id);
      if (shownCase === a.case.id) send({ kind: 'case.hide' });
      await load();
    } catch (e) {
      message.error(caseErrorText(t, e));
    }
  };
  const openPreview = async (caseId: string) => {
    try {
      setPreview(await casesApi.projectorCase(workshop.id, caseId));
    } catch (e) {
      message.error(caseErrorText(t, e));
    }
  };

  const title = (c: CaseListItem) => variantIn(c, lang)?.title ?? c.id;
  const shownTitle = useMemo(() => {
    const all = [...(attachments ?? []), ...suggestions];
    const hit = all.find((a) => a.case.id === shownCase);
    return hit ? title(hit.case) : shownCase;
  }, [attachments, suggestions, shownCase, lang]); // eslint-disable-line react-hooks/exhaustive-deps
  const here = (attachments ?? []).filter((a) => a.activity === activity);
  const attachedHere = new Set(here.map((a) => a.case.id));
  const drafts = boards.filter((b) => b.kind === 'case-draft' && b.group_id);
  const groupName = (id?: string) => workshop.groups?.find((g) => g.id === id)?.name ?? '';

  return (
    <div className="cs-panel">
      {shownCase && (
        <Card size="small" className="cs-panel-projecting">
          <Space wrap>
            <Tag color="processing">{t('console.onProjector')}</Tag>
            <Typography.Text strong>{shownTitle}</Typography.Text>
            <Button onClick={() => send({ kind: 'case.hide' })}>{t('console.hide')}</Button>
          </Space>
        </Card>
      )}

      <Card size="small" title={t('console.attachTitle')}>
        <Space className="cs-panel-row" wrap>
          <span id="cs-activity-label">{t('console.activity')}</span>
          <Select
            className="cs-activity-select"
            aria-labelledby="cs-activity-label"
            value={activity}
            onChange={setActivity}
            showSearch={{ optionFilterProp: 'label' }}
            options={(workshop.curriculum?.modules ?? []).map((m) => ({
              label: t('module', { number: m.number }) + ' ' + pick(m.title, lang),
              options: m.activities.map((a) => ({ value: a.id, label: activityLabel(a, lang, 'question') })),
            }))}
          />
        </Space>
        <Input.Search
          className="cs-panel-search"
          aria-label={t('console.searchLabel')}
          placeholder={t('console.searchPlaceholder')}
          enterButton={t('console.search')}
          loading={searching}
          allowClear
          onSearch={search}
        />
        {results && (
          <ul className="cs-results" aria-label={t('console.results', { count: results.length })}>
            {results.length === 0 && <li className="cs-muted">{t('library.noResults', { q: query })}</li>}
            {results.slice(0, 20).map((c) => (
              <li key={c.id} className="cs-result">
                <div className="cs-result-main">
                  <Typography.Text strong>{title(c)}</Typography.Text> <ScopeTag scope={c.scope} />
                  <div className="cs-muted">{c.match && c.match.field !== 'title' ? c.match.snippet : variantIn(c, lang)?.summary}</div>
                </div>
                <Button
                  type="primary"
                  disabled={!activity || attachedHere.has(c.id)}
                  onClick={() => attach(c.id)}
                  aria-label={t('console.attachTo', { title: title(c), activity: activity ?? '' })}
                >
                  {attachedHere.has(c.id) ? t('console.alreadyAttached') : t('console.attach', { activity: activity ?? '' })}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card size="small" title={t('console.attachedTitle')}>
        {attachments === null ? (
          <PageLoading />
        ) : attachments.length === 0 ? (
          <Empty description={t('console.none')} />
        ) : (
          <ul className="cs-attachments">
            {activities
              .filter(({ activity: a }) => attachments.some((x) => x.activity === a.id))
              .map(({ activity: a }) => (
                <li key={a.id} className="cs-attachment-group">
                  <div className="cs-attachment-activity">
                    {activityLabel(a, lang, 'question')}
                  </div>
                  {attachments
                    .filter((x) => x.activity === a.id)
                    .map((x) => (
                      <div key={x.case.id} className="cs-attachment">
                        <span className="cs-attachment-title">
                          {title(x.case)} <ScopeTag scope={x.case.scope} />
                          {shownCase === x.case.id && <Tag color="processing">{t('console.onProjector')}</Tag>}
                        </span>
                        <Space>
                          <Button onClick={() => openPreview(x.case.id)}>{t('console.preview')}</Button>
                          <Button onClick={() => send({ kind: 'case.show', case: x.case.id })} disabled={shownCase === x.case.id}>
                            {t('console.show')}
                          </Button>
                          <Button danger onClick={() => detach(x)}>
                            {t('console.detach')}
                          </Button>
                        </Space>
                      </div>
                    ))}
                </li>
              ))}
          </ul>
        )}
        {suggestions.length > 0 && (
          <div className="cs-suggestions">
            <Typography.Text type="secondary">{t('console.suggestions')}</Typography.Text>
            <ul>
              {suggestions.map((s) => (
                <li key={`${s.activity}-${s.case.id}`} className="cs-attachment">
                  <span>
                    <Tag>{s.activity}</Tag> {title(s.case)}
                  </span>
                  <Space>
                    <Button onClick={() => send({ kind: 'case.show', case: s.case.id })}>{t('console.show')}</Button>
                    <Button
                      onClick={async () => {
                        try {
                          await casesApi.attach(workshop.id, s.activity, s.case.id);
                          await load();
                        } catch (e) {
                          message.error(caseErrorText(t, e));
                        }
                      }}
                    >
                      {t('console.attach', { activity: s.activity })}
                    </Button>
                  </Space>
                </li>
              ))}
            </ul>
          </div>
        )}
      </Card>

      {drafts.length > 0 && (
        <Card size="small" title={t('console.draftsTitle')}>
          <Typography.Paragraph type="secondary">{t('console.draftsIntro', { client: workshop.client_company })}</Typography.Paragraph>
          <ul className="cs-attachments">
            {drafts.map((b) => (
              <DraftRow key={b.id} workshopId={workshop.id} board={b} group={groupName(b.group_id)} />
            ))}
          </ul>
        </Card>
      )}

      <Drawer open={!!preview} onClose={() => setPreview(null)} size="large" title={t('console.previewTitle')}>
        {preview && (
          <Suspense fallback={<PageLoading />}>
            <CaseView c={preview} lang={lang} size="page" />
          </Suspense>
        )}
      </Drawer>
    </div>
  );
}

function DraftRow({ workshopId, board, group }: { workshopId: string; board: BoardRef; group: string }) {
  const { t } = useTranslation(['cases', 'errors']);
  const { message } = App.useApp();
  const [appendix, setAppendix] = useState(true);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const adopt = async () => {
    setBusy(true);
    try {
      const c = await casesApi.adoptDraft(workshopId, board.id, appendix);
      setSaved(c.id);
      message.success(t('console.adopted', { group }));
    } catch (e) {
      message.error(caseErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="cs-attachment">
      <span className="cs-attachment-title">
        {group} <Tag>{board.activity}</Tag>
        {saved && <Link to={`/cases/${saved}`}>{t('console.openAdopted')}</Link>}
      </span>
      <Space>
        <Checkbox checked={appendix} onChange={(e) => setAppendix(e.target.checked)}>
          {t('console.appendix')}
        </Checkbox>
        <Button type="primary" loading={busy} onClick={adopt}>
          {saved ? t('console.adoptAgain') : t('console.adopt')}
        </Button>
      </Space>
    </li>
  );
}

/** The console tab's label (in the cases namespace). */
export function CasesTabLabel() {
  const { t } = useTranslation('cases');
  return <>{t('console.tab')}</>;
}

export function ScopeTag({ scope }: { scope: string }) {
  const { t } = useTranslation('cases');
  const color = scope === 'builtin' ? 'default' : scope === 'client' ? 'gold' : 'blue';
  return <Tag color={color}>{t(`scope.${scope}`)}</Tag>;
}

export default WorkshopCasesPanel;
