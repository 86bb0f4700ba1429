// /curricula/:cid — a copy of the curriculum, editable: add, remove and
// reorder modules and activities (a new activity takes any template kind the
// server registers, with a preset where the kind has some), and every module
// and activity text, question, hint, time and notes lane, the interpretations
// of the terms the seed leaves undefined, and the agenda's block times.
// Removing an activity or a module also removes its agenda blocks (edits.ts);
// the server checks the whole copy on save and answers every problem with the
// path of the field at fault, shown at that field in the trainer's language.
// The built-in curriculum is shown read-only.
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Collapse, Form, Input, InputNumber, Popconfirm, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../api/client';
import type { CurriculumEntry, Preset, Template } from '../api/types';
import { pick } from '../i18n';
import type { Activity, Curriculum, Lane, Text } from '../protocol/messages.gen';
import '../console/facilitation.css';
import { apiErrorText } from '../shared/errors';
import { PageLoading } from '../shared/PageLoading';
import { addActivity, addModule, type FieldProblem, moveItem, moveModule, problemsAt, removeActivity, removeModule } from './edits';

export default function CurriculumEditorPage() {
  const { cid = '' } = useParams();
  const { t, i18n } = useTranslation(['curricula', 'errors', 'facilitation', 'toolkit']);
  const { message } = App.useApp();
  const [entry, setEntry] = useState<CurriculumEntry | null>(null);
  const [draft, setDraft] = useState<Curriculum | null>(null);
  const [error, setError] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [saving, setSaving] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [open, setOpen] = useState<string[]>([]);
  useEffect(() => {
    api.curriculumEntry(cid).then(
      (e) => {
        setEntry(e);
        setDraft(e.curriculum ?? null);
      },
      (e) => setError(apiErrorText(t, e)),
    );
  }, [cid, t]);
  const lang = i18n.language;
  const readOnly = !!entry?.builtin;
  const templates = entry?.templates ?? [];
  const edit = (fn: (c: Curriculum) => void) => {
    setDraft((old) => {
      if (!old) return old;
      const next = structuredClone(old);
      fn(next);
      return next;
    });
    setDirty(true);
  };
  // Adding, removing or moving items changes the paths the last problems
  // named: they are cleared, and the next save checks again.
  const restructure = (fn: (c: Curriculum) => void) => {
    edit(fn);
    setProblems([]);
  };
  const save = async () => {
    if (!entry || !draft) return;
    setSaving(true);
    setProblems([]);
    try {
      const saved = await api.saveCurriculum(entry.id, entry.revision, draft);
      setEntry({ ...saved, templates: saved.templates ?? entry.templates });
      setDraft(saved.curriculum ?? draft);
      setDirty(false);
      message.success(t('saved', { n: saved.revision }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        // Every problem comes in English and Chinese (as a playbook's checks do): show the trainer's language.
        const inLang = (en: string, zh?: string) => (i18n.language === 'en' ? en : zh || en);
        const list = e.problems?.length
          ? e.problems.map((p) => ({ path: p.path, message: inLang(p.message, p.message_zh) }))
          : [{ path: e.field ?? '', message: inLang(e.message, e.messageZh) }];
        setProblems(list);
        // Open every module a problem is in, so the field shows it.
        const at = new Set(list.map((p) => /^modules\[(\d+)\]/.exec(p.path)?.[1]).filter((x) => x !== undefined));
        setOpen((o) => [...new Set([...o, ...draft.modules.filter((_, i) => at.has(String(i))).map((m) => m.id)])]);
      } else message.error(e instanceof ApiError && e.status === 409 ? t('stale') : apiErrorText(t, e));
    } finally {
      setSaving(false);
    }
  };
  const activitiesById = useMemo(() => new Map((draft?.modules ?? []).flatMap((m) => m.activities.map((a) => [a.id, a] as const))), [draft]);
  if (error) return <Alert className="pc-page" type="error" showIcon title={error} />;
  if (!entry || !draft) return <PageLoading />;
  const at = (path: string) => problemsAt(problems, path);

  return (
    <div className="pc-page pc-curriculum-editor">
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
                <BiText label={t('fields.title')} value={draft.title} readOnly={readOnly} problems={at('title')} onChange={(v) => edit((c) => (c.title = v))} />
                <Collapse
                  // Only the title folds: the move and remove buttons beside it are controls of their own.
                  collapsible="header"
                  activeKey={open}
                  onChange={(keys) => setOpen(Array.isArray(keys) ? keys : [keys])}
                  items={draft.modules.map((m, mi) => {
                    const name = t('module', { number: m.number, title: pick(m.title, lang) || t('untitled') });
                    const p = `modules[${mi}]`;
                    const own = problems.filter((x) => x.path.startsWith(p + '.') && !x.path.startsWith(p + '.title') && !x.path.startsWith(p + '.activities['));
                    return {
                      key: m.id,
                      label: (
                        <span data-module-head={m.id}>
                          {name}
                          {at(p).length > 0 && (
                            <Tag color="error" className="pc-problem-tag">
                              {t('problemCount', { count: at(p).length })}
                            </Tag>
                          )}
                        </span>
                      ),
                      extra: readOnly ? undefined : (
                        <ItemTools
                          name={name}
                          first={mi === 0}
                          last={mi === draft.modules.length - 1}
                          onMove={(d) => restructure((c) => moveModule(c, mi, d))}
                          confirm={t('removeModule', { name })}
                          confirmNote={t('removeModuleNote', { count: m.activities.length })}
                          onRemove={() => restructure((c) => removeModule(c, mi))}
                        />
                      ),
                      children: (
                        <Space direction="vertical" className="pc-full" data-module={m.id}>
                          <BiText label={t('fields.moduleTitle')} value={m.title} readOnly={readOnly} problems={at(`${p}.title`)} onChange={(v) => edit((c) => (c.modules[mi].title = v))} />
                          <ProblemList problems={own} />
                          {m.activities.length === 0 && <Typography.Text type="secondary">{t('moduleEmpty')}</Typography.Text>}
                          {m.activities.map((a, ai) => (
                            <ActivityEditor
                              key={a.id}
                              activity={a}
                              path={`${p}.activities[${ai}]`}
                              problems={problems}
                              templates={templates}
                              readOnly={readOnly}
                              lang={lang}
                              first={ai === 0}
                              last={ai === m.activities.length - 1}
                              onChange={(fn) => edit((c) => fn(c.modules[mi].activities[ai]))}
                              onMove={(d) => restructure((c) => moveItem(c.modules[mi].activities, ai, d))}
                              onRemove={() => restructure((c) => removeActivity(c, mi, ai))}
                            />
                          ))}
                          {!readOnly && <AddActivity templates={templates} lang={lang} onAdd={(tpl, preset) => restructure((c) => addActivity(c, mi, tpl, preset))} />}
                        </Space>
                      ),
                    };
                  })}
                />
                {!readOnly && (
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => {
                      const ids = new Set(draft.modules.map((m) => m.id));
                      restructure((c) => addModule(c));
                      // The new module's id is the first free "mN"; open it.
                      let n = draft.modules.length + 1;
                      while (ids.has(`m${n}`)) n++;
                      setOpen((o) => [...o, `m${n}`]);
                    }}
                  >
                    {t('addModule')}
                  </Button>
                )}
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
                    <BiText
                      label={t('fields.interpretation')}
                      long
                      value={it.summary}
                      readOnly={readOnly}
                      problems={at(`interpretations[${i}].summary`)}
                      onChange={(v) => edit((c) => (c.interpretations![i].summary = v))}
                    />
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
                      const bp = at(`agenda.days[${di}].blocks[${bi}]`);
                      return (
                        <div key={b.id} data-block={b.id}>
                          <div className="pc-agenda-edit">
                            <Tag>{t(`facilitation:block.${b.type}`)}</Tag>
                            <span className="pc-agenda-edit-title">{a ? `${a.id} ${pick(a.title, lang) || pick(a.question, lang)}` : pick(b.title, lang) || b.activity}</span>
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
                          <ProblemList problems={bp} />
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

/** The problems of a field, under it. */
function fieldStatus(problems: FieldProblem[]) {
  return problems.length ? { validateStatus: 'error' as const, help: problems.map((p) => p.message).join(' ') } : {};
}

function ProblemList({ problems }: { problems: FieldProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      className="pc-field-problems"
      title={
        <ul className="pc-problems">
          {problems.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      }
    />
  );
}

/** Move up, move down and remove (after a confirmation) for a module or an activity. */
function ItemTools({
  name,
  first,
  last,
  onMove,
  confirm,
  confirmNote,
  onRemove,
}: {
  name: string;
  first: boolean;
  last: boolean;
  onMove: (delta: number) => void;
  confirm: string;
  confirmNote: string;
  onRemove: () => void;
}) {
  const { t } = useTranslation('curricula');
  // Clicks must not fold or unfold the module they sit in.
  const stop = (e: React.MouseEvent | React.KeyboardEvent) => e.stopPropagation();
  return (
    <Space size={4} onClick={stop} onKeyDown={stop} className="pc-item-tools">
      <Button size="small" icon={<ArrowUpOutlined />} disabled={first} aria-label={t('moveUp', { name })} title={t('moveUp', { name })} onClick={() => onMove(-1)} />
      <Button size="small" icon={<ArrowDownOutlined />} disabled={last} aria-label={t('moveDown', { name })} title={t('moveDown', { name })} onClick={() => onMove(1)} />
      <Popconfirm title={confirm} description={confirmNote} okText={t('remove')} cancelText={t('cancel')} okButtonProps={{ danger: true }} onConfirm={onRemove}>
        <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('removeNamed', { name })} title={t('removeNamed', { name })} />
      </Popconfirm>
    </Space>
  );
}

function templateOptions(templates: Template[], label: (kind: string) => string) {
  return templates.map((x) => ({ value: x.kind, label: `${label(x.kind)} · ${x.kind}` }));
}

/** Choose a template kind (and a preset where it has some) and add an activity of it. */
function AddActivity({ templates, lang, onAdd }: { templates: Template[]; lang: string; onAdd: (t: Template, preset?: Preset) => void }) {
  const { t } = useTranslation(['curricula', 'toolkit']);
  const [kind, setKind] = useState<string>();
  const [preset, setPreset] = useState('');
  const tpl = templates.find((x) => x.kind === kind);
  const presets = tpl?.presets ?? [];
  return (
    <Space wrap className="pc-add-activity">
      <Select
        className="pc-template-select"
        placeholder={t('newActivityKind')}
        aria-label={t('newActivityKind')}
        value={kind}
        showSearch={{ optionFilterProp: 'label' }}
        virtual={false}
        options={templateOptions(templates, (k) => t(`toolkit:templates.${k}`, { defaultValue: k }))}
        onChange={(v: string) => {
          setKind(v);
          const next = templates.find((x) => x.kind === v);
          setPreset(next?.needs_preset ? (next.presets?.[0]?.id ?? '') : '');
        }}
      />
      {presets.length > 0 && (
        <Select
          className="pc-preset-select"
          aria-label={t('fields.preset')}
          value={preset}
          options={[
            ...(tpl?.needs_preset ? [] : [{ value: '', label: t('presetBlank') }]),
            ...presets.map((p) => ({ value: p.id, label: t('presetOf', { id: p.id, title: pick(p.title, lang) }) })),
          ]}
          onChange={setPreset}
        />
      )}
      <Button
        icon={<PlusOutlined />}
        disabled={!tpl}
        onClick={() => {
          if (!tpl) return;
          onAdd(
            tpl,
            presets.find((p) => p.id === preset),
          );
          setKind(undefined);
          setPreset('');
        }}
      >
        {t('addActivity')}
      </Button>
    </Space>
  );
}

function BiText({
  label,
  value,
  onChange,
  readOnly,
  long,
  problems = [],
  required = true,
}: {
  label: string;
  value: Text | undefined;
  onChange: (v: Text) => void;
  readOnly: boolean;
  long?: boolean;
  problems?: FieldProblem[];
  required?: boolean;
}) {
  const { t } = useTranslation('curricula');
  const v = value ?? { 'zh-CN': '', en: '' };
  const Field = long ? Input.TextArea : Input;
  const bad = problems.length > 0;
  return (
    <Form.Item label={label} className="pc-bitext" required={required && !readOnly} {...fieldStatus(problems)}>
      <Space direction="vertical" className="pc-full">
        <Field
          value={v['zh-CN']}
          readOnly={readOnly}
          status={bad ? 'error' : undefined}
          aria-invalid={bad || undefined}
          aria-label={t('fields.zh', { label })}
          onChange={(e) => onChange({ ...v, 'zh-CN': e.target.value })}
          {...(long ? { autoSize: { minRows: 2 } } : {})}
        />
        <Field
          value={v.en}
          readOnly={readOnly}
          status={bad ? 'error' : undefined}
          aria-invalid={bad || undefined}
          aria-label={t('fields.en', { label })}
          onChange={(e) => onChange({ ...v, en: e.target.value })}
          {...(long ? { autoSize: { minRows: 2 } } : {})}
        />
      </Space>
    </Form.Item>
  );
}

function ActivityEditor({
  activity: a,
  path,
  problems,
  templates,
  readOnly,
  lang,
  first,
  last,
  onChange,
  onMove,
  onRemove,
}: {
  activity: Activity;
  path: string;
  problems: FieldProblem[];
  templates: Template[];
  readOnly: boolean;
  lang: string;
  first: boolean;
  last: boolean;
  onChange: (fn: (a: Activity) => void) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation(['curricula', 'toolkit']);
  const at = (field: string) => problemsAt(problems, `${path}.${field}`);
  const shown = ['title', 'question', 'hints', 'template', 'minutes', 'id'];
  const rest = problemsAt(problems, path).filter((p) => !shown.some((f) => p.path === `${path}.${f}` || p.path.startsWith(`${path}.${f}.`) || p.path.startsWith(`${path}.${f}[`)));
  const lanes = a.template === 'notes' ? (((a.config as { lanes?: Lane[] }) ?? {}).lanes ?? []) : null;
  const tpl = templates.find((x) => x.kind === a.template);
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
  const name = `${a.id} ${pick(a.title, lang) || pick(a.question, lang) || t('untitled')}`;
  // The template's known kinds, plus the activity's own if the server does not list it (the check names it).
  const options = templateOptions(templates, (k) => t(`toolkit:templates.${k}`, { defaultValue: k }));
  if (a.template && !templates.some((x) => x.kind === a.template)) options.push({ value: a.template, label: a.template });
  return (
    <Card
      size="small"
      title={name}
      data-activity={a.id}
      className="pc-activity-edit"
      extra={
        readOnly ? undefined : (
          <ItemTools
            name={t('activityName', { id: a.id })}
            first={first}
            last={last}
            onMove={onMove}
            confirm={t('removeActivity', { id: a.id })}
            confirmNote={t('removeActivityNote')}
            onRemove={onRemove}
          />
        )
      }
    >
      <Space wrap className="pc-gap">
        <Form.Item label={t('fields.template')} {...fieldStatus(at('template'))}>
          <Select
            value={a.template}
            disabled={readOnly}
            aria-label={t('fields.template')}
            className="pc-template-select"
            options={options}
            onChange={(v: string) =>
              onChange((x) => {
                x.template = v;
                // A configuration belongs to its kind: start the new kind from its first preset, or its default.
                const next = templates.find((y) => y.kind === v);
                const p = next?.needs_preset ? next.presets?.[0] : undefined;
                if (p) x.config = structuredClone(p.config);
                else delete x.config;
                if (next) x.type = next.type;
              })
            }
          />
        </Form.Item>
        {!readOnly && (tpl?.presets?.length ?? 0) > 0 && (
          <Form.Item label={t('fields.preset')}>
            <Select
              className="pc-preset-select"
              aria-label={t('fields.preset')}
              value={tpl!.presets!.find((p) => JSON.stringify(p.config) === JSON.stringify(a.config))?.id ?? (a.config ? 'custom' : '')}
              options={[
                ...(a.config && !tpl!.presets!.some((p) => JSON.stringify(p.config) === JSON.stringify(a.config)) ? [{ value: 'custom', label: t('presetCustom') }] : []),
                ...(tpl!.needs_preset ? [] : [{ value: '', label: t('presetBlank') }]),
                ...tpl!.presets!.map((p) => ({ value: p.id, label: t('presetOf', { id: p.id, title: pick(p.title, lang) }) })),
              ]}
              onChange={(v: string) =>
                onChange((x) => {
                  const p = tpl!.presets!.find((y) => y.id === v);
                  if (p) x.config = structuredClone(p.config);
                  else if (v === '') delete x.config;
                })
              }
            />
          </Form.Item>
        )}
        <Form.Item label={t('fields.minutes')} {...fieldStatus(at('minutes'))}>
          <InputNumber min={0} max={480} value={a.minutes} disabled={readOnly} aria-label={t('fields.minutes')} suffix={t('min')} onChange={(v) => onChange((x) => (x.minutes = Number(v) || 0))} />
        </Form.Item>
      </Space>
      <ProblemList problems={[...at('id'), ...rest]} />
      <BiText label={t('fields.shortTitle')} value={a.title} readOnly={readOnly} required={false} problems={at('title')} onChange={(v) => onChange((x) => (x.title = v))} />
      <BiText label={t('fields.question')} long value={a.question} readOnly={readOnly} problems={at('question')} onChange={(v) => onChange((x) => (x.question = v))} />
      <Form.Item label={t('fields.hints')} {...fieldStatus(at('hints'))}>
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
