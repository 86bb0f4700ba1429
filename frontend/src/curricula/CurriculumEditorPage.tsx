// /curricula/:cid — a copy of the curriculum, editable: every module and
// activity text, question, hint, time and notes lane, the interpretations of
// the terms the seed leaves undefined, and the agenda's block times. The
// server checks the whole copy on save and answers every problem with the
// path of the field at fault; the built-in curriculum is shown read-only.
import { Alert, App, Button, Card, Collapse, Form, Input, InputNumber, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../api/client';
import type { CurriculumEntry } from '../api/types';
import { pick } from '../i18n';
import type { Activity, Curriculum, Lane, Text } from '../protocol/messages.gen';
import '../console/facilitation.css';
import { apiErrorText } from '../shared/errors';
import { PageLoading } from '../shared/PageLoading';

interface Problem {
  path: string;
  message: string;
}

export default function CurriculumEditorPage() {
  const { cid = '' } = useParams();
  const { t, i18n } = useTranslation(['curricula', 'errors', 'facilitation', 'toolkit']);
  const { message } = App.useApp();
  const [entry, setEntry] = useState<CurriculumEntry | null>(null);
  const [draft, setDraft] = useState<Curriculum | null>(null);
  const [error, setError] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  const [saving, setSaving] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [templates, setTemplates] = useState<string[]>([]);
  useEffect(() => {
    api.curriculumEntry(cid).then(
      (e) => {
        setEntry(e);
        setDraft(e.curriculum ?? null);
      },
      (e) => setError(apiErrorText(t, e)),
    );
    api.curriculumEntry('builtin').then(
      (b) => setTemplates([...new Set((b.curriculum?.modules ?? []).flatMap((m) => m.activities.map((a) => a.template)))].sort()),
      () => {},
    );
  }, [cid, t]);
  const lang = i18n.language;
  const readOnly = !!entry?.builtin;
  const edit = (fn: (c: Curriculum) => void) => {
    setDraft((old) => {
      if (!old) return old;
      const next = structuredClone(old);
      fn(next);
      return next;
    });
    setDirty(true);
  };
  const save = async () => {
    if (!entry || !draft) return;
    setSaving(true);
    setProblems([]);
    try {
      const saved = await api.saveCurriculum(entry.id, entry.revision, draft);
      setEntry(saved);
      setDraft(saved.curriculum ?? draft);
      setDirty(false);
      message.success(t('saved', { n: saved.revision }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        // Every problem comes in English and Chinese (as a playbook's checks do): show the trainer's language.
        const inLang = (en: string, zh?: string) => (i18n.language === 'en' ? en : zh || en);
        setProblems(
          e.problems?.length
            ? e.problems.map((p) => ({ path: p.path, message: inLang(p.message, p.message_zh) }))
            : [{ path: e.field ?? '', message: inLang(e.message, e.messageZh) }],
        );
      } else message.error(e instanceof ApiError && e.status === 409 ? t('stale') : apiErrorText(t, e));
    } finally {
      setSaving(false);
    }
  };
  const activitiesById = useMemo(() => new Map((draft?.modules ?? []).flatMap((m) => m.activities.map((a) => [a.id, a] as const))), [draft]);
  if (error) return <Alert className="pc-page" type="error" showIcon title={error} />;
  if (!entry || !draft) return <PageLoading />;

  return (
    <div className="pc-page">
      <div className="pc-page-head">
        <div>
          <Link to="/curricula">{t('back')}</Link>
          <Typography.Title level={2} className="pc-title">
            {pick(draft.title, lang)}
          </Typography.Title>
          {readOnly ? <Tag color="blue">{t('builtinReadOnly')}</Tag> : <Tag>{t('revision', { n: entry.revision })}</Tag>}
        </div>
        {!readOnly && (
          <Button type="primary" onClick={save} loading={saving} disabled={!dirty}>
            {t('save')}
          </Button>
        )}
      </div>
      {problems.length > 0 && (
        <Alert
          className="pc-gap"
          type="error"
          showIcon
          role="alert"
          title={t('problems', { count: problems.length })}
          description={
            <ul className="pc-problems">
              {problems.map((p, i) => (
                <li key={i}>
                  <code>{p.path}</code> {p.message}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Tabs
        items={[
          {
            key: 'modules',
            label: t('tabs.modules'),
            children: (
              <Space direction="vertical" className="pc-full">
                <BiText label={t('fields.title')} value={draft.title} readOnly={readOnly} onChange={(v) => edit((c) => (c.title = v))} />
                <Collapse
                  items={draft.modules.map((m, mi) => ({
                    key: m.id,
                    label: t('module', { number: m.number, title: pick(m.title, lang) }),
                    children: (
                      <Space direction="vertical" className="pc-full">
                        <BiText label={t('fields.moduleTitle')} value={m.title} readOnly={readOnly} onChange={(v) => edit((c) => (c.modules[mi].title = v))} />
                        {m.activities.map((a, ai) => (
                          <ActivityEditor
                            key={a.id}
                            activity={a}
                            templates={templates}
                            readOnly={readOnly}
                            lang={lang}
                            onChange={(fn) => edit((c) => fn(c.modules[mi].activities[ai]))}
                          />
                        ))}
                      </Space>
                    ),
                  }))}
                />
              </Space>
            ),
          },
          {
            key: 'terms',
            label: t('tabs.terms'),
            children: (
              <Space direction="vertical" className="pc-full">
                <Typography.Paragraph type="secondary">{t('termsIntro')}</Typography.Paragraph>
                {(draft.interpretations ?? []).map((it, i) => (
                  <Card key={it.id} size="small" title={pick(it.term, lang)}>
                    <BiText label={t('fields.interpretation')} long value={it.summary} readOnly={readOnly} onChange={(v) => edit((c) => (c.interpretations![i].summary = v))} />
                  </Card>
                ))}
              </Space>
            ),
          },
          {
            key: 'agenda',
            label: t('tabs.agenda'),
            children: (
              <Space direction="vertical" className="pc-full">
                {draft.agenda.days.map((d, di) => (
                  <Card key={di} size="small" title={pick(d.title, lang)}>
                    {d.blocks.map((b, bi) => {
                      const a = b.type === 'activity' ? activitiesById.get(b.activity ?? '') : undefined;
                      return (
                        <div key={b.id} className="pc-agenda-edit" data-block={b.id}>
                          <Tag>{t(`facilitation:block.${b.type}`)}</Tag>
                          <span className="pc-agenda-edit-title">{a ? `${a.id} ${pick(a.title, lang) || pick(a.question, lang)}` : pick(b.title, lang)}</span>
                          {b.type === 'activity' ? (
                            <Typography.Text type="secondary">{t('minutesOfActivity', { count: a?.minutes ?? 0 })}</Typography.Text>
                          ) : (
                            <InputNumber
                              min={1}
                              max={480}
                              value={b.minutes}
                              disabled={readOnly}
                              aria-label={t('fields.blockMinutes', { title: pick(b.title, lang) })}
                              suffix={t('min')}
                              onChange={(v) => edit((c) => (c.agenda.days[di].blocks[bi].minutes = Number(v) || 1))}
                            />
                          )}
                        </div>
                      );
                    })}
                  </Card>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}

function BiText({ label, value, onChange, readOnly, long }: { label: string; value: Text | undefined; onChange: (v: Text) => void; readOnly: boolean; long?: boolean }) {
  const { t } = useTranslation('curricula');
  const v = value ?? { 'zh-CN': '', en: '' };
  const Field = long ? Input.TextArea : Input;
  return (
    <Form.Item label={label} className="pc-bitext">
      <Space direction="vertical" className="pc-full">
        <Field value={v['zh-CN']} readOnly={readOnly} aria-label={t('fields.zh', { label })} onChange={(e) => onChange({ ...v, 'zh-CN': e.target.value })} {...(long ? { autoSize: { minRows: 2 } } : {})} />
        <Field value={v.en} readOnly={readOnly} aria-label={t('fields.en', { label })} onChange={(e) => onChange({ ...v, en: e.target.value })} {...(long ? { autoSize: { minRows: 2 } } : {})} />
      </Space>
    </Form.Item>
  );
}

function ActivityEditor({
  activity: a,
  templates,
  readOnly,
  lang,
  onChange,
}: {
  activity: Activity;
  templates: string[];
  readOnly: boolean;
  lang: string;
  onChange: (fn: (a: Activity) => void) => void;
}) {
  const { t } = useTranslation('curricula');
  const lanes = a.template === 'notes' ? (((a.config as { lanes?: Lane[] }) ?? {}).lanes ?? []) : null;
  const hints = (lang: 'zh-CN' | 'en') => (a.hints ?? []).map((h) => h[lang]).join('\n');
  const setHints = (lang: 'zh-CN' | 'en', text: string) =>
    onChange((x) => {
      const lines = text.split('\n');
      const n = Math.max(lines.length, (x.hints ?? []).length);
      const next: Text[] = [];
      for (let i = 0; i < n; i++) {
        const old = x.hints?.[i] ?? { 'zh-CN': '', en: '' };
        const h = { ...old, [lang]: lines[i] ?? '' };
        if (h['zh-CN'].trim() || h.en.trim()) next.push(h);
      }
      x.hints = next;
    });
  return (
    <Card size="small" title={`${a.id} ${pick(a.title, lang) || pick(a.question, lang)}`} data-activity={a.id} className="pc-activity-edit">
      <Space wrap className="pc-gap">
        <Form.Item label={t('fields.template')}>
          <Select value={a.template} disabled={readOnly} className="pc-template-select" options={templates.map((x) => ({ value: x, label: t(`toolkit:templates.${x}`, { defaultValue: x }) }))} onChange={(v) => onChange((x) => (x.template = v))} />
        </Form.Item>
        <Form.Item label={t('fields.minutes')}>
          <InputNumber min={0} max={480} value={a.minutes} disabled={readOnly} suffix={t('min')} onChange={(v) => onChange((x) => (x.minutes = Number(v) || 0))} />
        </Form.Item>
      </Space>
      <BiText label={t('fields.shortTitle')} value={a.title} readOnly={readOnly} onChange={(v) => onChange((x) => (x.title = v))} />
      <BiText label={t('fields.question')} long value={a.question} readOnly={readOnly} onChange={(v) => onChange((x) => (x.question = v))} />
      <Form.Item label={t('fields.hints')}>
        <Space direction="vertical" className="pc-full">
          <Input.TextArea value={hints('zh-CN')} readOnly={readOnly} autoSize={{ minRows: 2 }} aria-label={t('fields.hintsZh')} onChange={(e) => setHints('zh-CN', e.target.value)} />
          <Input.TextArea value={hints('en')} readOnly={readOnly} autoSize={{ minRows: 2 }} aria-label={t('fields.hintsEn')} onChange={(e) => setHints('en', e.target.value)} />
        </Space>
      </Form.Item>
      {lanes && (
        <Form.Item label={t('fields.lanes')}>
          <Space direction="vertical" className="pc-full">
            {lanes.map((l, li) => (
              <Space.Compact key={l.id} className="pc-full">
                <Input
                  value={l.title['zh-CN']}
                  readOnly={readOnly}
                  aria-label={t('fields.laneZh', { n: li + 1 })}
                  onChange={(e) => onChange((x) => ((x.config as { lanes: Lane[] }).lanes[li].title['zh-CN'] = e.target.value))}
                />
                <Input
                  value={l.title.en}
                  readOnly={readOnly}
                  aria-label={t('fields.laneEn', { n: li + 1 })}
                  onChange={(e) => onChange((x) => ((x.config as { lanes: Lane[] }).lanes[li].title.en = e.target.value))}
                />
              </Space.Compact>
            ))}
          </Space>
        </Form.Item>
      )}
    </Card>
  );
}
