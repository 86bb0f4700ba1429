// /cases/:id and /cases/new — one case: read (built-in cases, with "copy to
// my library"), or edited (the trainer's own): fields per language, every
// section as Markdown with a live preview beside it, images uploaded to the
// case and placed in its text, export, copy and delete.
import { CopyOutlined, DeleteOutlined, DownloadOutlined, PictureOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Flex, Input, Popconfirm, Select, Space, Switch, Tabs, Tag, Typography, Upload } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { casesApi, type Case, type CaseFile, type CaseInput, type CaseLang, type CaseVariant } from '../api/cases';
import { PageLoading } from '../shared/PageLoading';
import { caseErrorText } from './errors';
import { ScopeTag } from './WorkshopCasesPanel';
import './cases.css';

const CaseView = lazy(() => import('./CaseView'));

const EDIT_SECTIONS = [
  'background',
  'situation',
  'actions',
  'results',
  'exhibits',
  'questions',
  'takeaways',
  'teaching_notes',
] as const;
const ROLEPLAY_SECTIONS = ['buyer', 'seller_brief', 'objections', 'success'] as const;
type SectionField = (typeof EDIT_SECTIONS)[number] | (typeof ROLEPLAY_SECTIONS)[number];

const LIMITS = { title: 120, industry: 40, summary: 600, section: 20000 };

function emptyVariant(): CaseVariant {
  return {
    title: '',
    industry: '',
    tags: [],
    summary: '',
    background: '',
    situation: '',
    actions: '',
    results: '',
    exhibits: '',
    questions: '',
    takeaways: '',
    teaching_notes: '',
    buyer: '',
    seller_brief: '',
    objections: '',
    success: '',
  };
}

function toInput(c: Case): CaseInput {
  const v = (x?: CaseVariant) => (x ? { ...emptyVariant(), ...x, tags: [...(x.tags ?? [])] } : undefined);
  return { modules: [...c.modules], roleplay: c.roleplay, client: c.client ?? '', 'zh-CN': v(c['zh-CN']), en: v(c.en) };
}

export default function CaseEditorPage() {
  const { id = 'new' } = useParams();
  const { t } = useTranslation(['cases', 'errors']);
  const [c, setCase] = useState<Case | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    if (id === 'new') {
      setCase(null);
      return;
    }
    let live = true;
    casesApi.get(id).then(
      (r) => live && setCase(r),
      (e) => live && setError(caseErrorText(t, e)),
    );
    return () => {
      live = false;
    };
  }, [id, t]);
  if (error) return <Alert className="pc-page" type="error" showIcon title={error} />;
  if (id !== 'new' && !c) return <PageLoading />;
  if (c && !c.editable) return <ReadOnlyCase c={c} />;
  return <Editor key={c?.id ?? 'new'} initial={c} />;
}

function ReadOnlyCase({ c }: { c: Case }) {
  const { t, i18n } = useTranslation(['cases', 'errors']);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const copy = async () => {
    try {
      const cp = await casesApi.copy(c.id);
      message.success(t('editor.copied'));
      navigate(`/cases/${cp.id}`);
    } catch (e) {
      message.error(caseErrorText(t, e));
    }
  };
  return (
    <div className="pc-page cs-editor-page">
      <div className="pc-page-head">
        <Space>
          <Link to="/cases">{t('editor.back')}</Link>
          <ScopeTag scope={c.scope} />
        </Space>
        <Space>
          <Button icon={<DownloadOutlined />} href={casesApi.exportURL(c.id)} download>
            {t('editor.export')}
          </Button>
          <Button type="primary" icon={<CopyOutlined />} onClick={copy}>
            {t('editor.copyToLibrary')}
          </Button>
        </Space>
      </div>
      <Alert type="info" showIcon title={t('editor.readOnly')} className="cs-gap" />
      {c.files.length > 0 && (
        <Card size="small" title={t('editor.files')} className="cs-gap">
          <ul className="cs-file-list">
            {c.files.map((f) => (
              <li key={f.name}>
                <a href={f.url} download={f.content_type.startsWith('image/') ? undefined : f.name}>
                  {f.name}
                </a>{' '}
                <Typography.Text type="secondary">{formatSize(f.size)}</Typography.Text>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <Card>
        <Suspense fallback={<PageLoading />}>
          <CaseView c={c} lang={i18n.language} size="page" showNotes />
        </Suspense>
      </Card>
    </div>
  );
}

function formatSize(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MB`;
  if (n >= 1 << 10) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}

function Editor({ initial }: { initial: Case | null }) {
  const { t, i18n } = useTranslation(['cases', 'errors']);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [saved, setSaved] = useState<Case | null>(initial);
  const [draft, setDraft] = useState<CaseInput>(() =>
    initial ? toInput(initial) : { modules: [], roleplay: false, client: '', 'zh-CN': emptyVariant() },
  );
  const [lang, setLang] = useState<CaseLang>(i18n.language === 'en' && initial?.en ? 'en' : 'zh-CN');
  const [files, setFiles] = useState<CaseFile[]>(initial?.files ?? []);
  const [problem, setProblem] = useState<{ field?: string; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [dirty, setDirty] = useState(false);
  const v = draft[lang];

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const update = (patch: Partial<CaseInput>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDirty(true);
  };
  const setField = <K extends keyof CaseVariant>(key: K, value: CaseVariant[K]) => {
    setDraft((d) => ({ ...d, [lang]: { ...(d[lang] ?? emptyVariant()), [key]: value } }));
    setDirty(true);
  };

  const body = useCallback((): CaseInput => {
    const clean = (x?: CaseVariant) => {
      if (!x) return undefined;
      const out: CaseVariant = { ...x };
      if (!draft.roleplay) for (const k of ROLEPLAY_SECTIONS) out[k] = '';
      return out;
    };
    return { ...draft, 'zh-CN': clean(draft['zh-CN']), en: clean(draft.en) };
  }, [draft]);

  const save = async () => {
    setSaving(true);
    setProblem(null);
    try {
      const r = saved ? await casesApi.update(saved.id, body()) : await casesApi.create(body());
      setSaved(r);
      setFiles(r.files);
      setDirty(false);
      message.success(t('editor.saved'));
      if (!saved) navigate(`/cases/${r.id}`, { replace: true });
    } catch (e) {
      const field = e instanceof ApiError ? e.field : undefined;
      setProblem({ field, text: e instanceof ApiError && e.code === 'invalid' ? fieldText(t, field, e.message) : caseErrorText(t, e) });
      if (field) {
        const fieldLang = field.split('.')[1];
        if (fieldLang === 'zh-CN' || fieldLang === 'en') setLang(fieldLang);
      }
    } finally {
      setSaving(false);
    }
  };

  const uploadImage = async (file: File) => {
    if (!saved) return;
    try {
      const r = await casesApi.uploadImage(saved.id, file);
      setFiles((fs) => [...fs, r].sort((a, b) => a.name.localeCompare(b.name)));
      const current = draft[lang]?.exhibits ?? '';
      setField('exhibits', current ? `${current}\n\n${r.markdown}` : r.markdown);
      message.success(t('editor.imageAdded', { name: r.name }));
    } catch (e) {
      message.error(caseErrorText(t, e));
    }
  };
  const removeFile = async (name: string) => {
    if (!saved) return;
    try {
      await casesApi.removeFile(saved.id, name);
      setFiles((fs) => fs.filter((f) => f.name !== name));
    } catch (e) {
      message.error(caseErrorText(t, e));
    }
  };
  const remove = async () => {
    if (!saved) return;
    try {
      await casesApi.remove(saved.id);
      setDirty(false);
      navigate('/cases', { replace: true });
    } catch (e) {
      message.error(caseErrorText(t, e));
    }
  };

  // The preview shows exactly what will be saved, teaching notes included
  // (participants never see them).
  const previewCase = useMemo<Case>(
    () => ({
      id: saved?.id ?? 'new',
      modules: draft.modules,
      roleplay: draft.roleplay,
      client: draft.client,
      updated: saved?.updated ?? '',
      'zh-CN': lang === 'zh-CN' ? body()['zh-CN'] : undefined,
      en: lang === 'en' ? body().en : undefined,
      scope: saved?.scope ?? 'own',
      editable: true,
      appendix: saved?.appendix ?? false,
      files,
    }),
    [draft, lang, files, saved, body],
  );

  const invalid = (f: string) => (problem?.field === f || problem?.field === `${f}.${lang}` ? 'error' : undefined);

  return (
    <div className="pc-page cs-editor-page">
      <div className="pc-page-head">
        <Space>
          <Link to="/cases">{t('editor.back')}</Link>
          {saved && <ScopeTag scope={saved.scope} />}
          {saved?.based_on && (
            <Typography.Text type="secondary">{t('editor.basedOn', { id: saved.based_on })}</Typography.Text>
          )}
          {dirty && <Tag color="warning">{t('editor.unsaved')}</Tag>}
        </Space>
        <Space wrap>
          {saved && (
            <Button icon={<DownloadOutlined />} href={casesApi.exportURL(saved.id)} download>
              {t('editor.export')}
            </Button>
          )}
          {saved && (
            <Popconfirm title={t('editor.deleteConfirm')} okText={t('editor.delete')} cancelText={t('editor.cancel')} onConfirm={remove}>
              <Button danger icon={<DeleteOutlined />}>
                {t('editor.delete')}
              </Button>
            </Popconfirm>
          )}
          <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={save}>
            {t('editor.save')}
          </Button>
        </Space>
      </div>
      {problem && <Alert type="error" showIcon title={problem.text} className="cs-gap" closable onClose={() => setProblem(null)} />}

      <div className="cs-editor">
        <div className="cs-editor-form">
          <Card size="small" className="cs-gap">
            <div className="cs-form-grid">
              <span className="cs-form-label" id="cs-modules">
                {t('editor.modules')}
              </span>
              <Checkbox.Group
                aria-labelledby="cs-modules"
                value={draft.modules}
                onChange={(m) => update({ modules: (m as number[]).slice().sort() })}
                options={[1, 2, 3, 4, 5, 6].map((n) => ({ value: n, label: t('module', { number: n }) }))}
              />
              <label className="cs-form-label" htmlFor="cs-roleplay">
                {t('roleplay')}
              </label>
              <Space>
                <Switch id="cs-roleplay" checked={draft.roleplay} onChange={(r) => update({ roleplay: r })} />
                <Typography.Text type="secondary">{t('editor.roleplayHint')}</Typography.Text>
              </Space>
              <label className="cs-form-label" htmlFor="cs-client">
                {t('editor.client')}
              </label>
              <Input id="cs-client" value={draft.client} maxLength={120} onChange={(e) => update({ client: e.target.value })} placeholder={t('editor.clientHint')} />
              {saved?.scope === 'client' && (
                <>
                  <span className="cs-form-label">{t('editor.appendix')}</span>
                  <Switch
                    checked={saved.appendix}
                    aria-label={t('editor.appendix')}
                    onChange={async (on) => {
                      try {
                        setSaved(await casesApi.setAppendix(saved.id, on));
                      } catch (e) {
                        message.error(caseErrorText(t, e));
                      }
                    }}
                  />
                </>
              )}
            </div>
          </Card>

          <Tabs
            activeKey={lang}
            onChange={(k) => setLang(k as CaseLang)}
            items={(['zh-CN', 'en'] as const).map((l) => ({ key: l, label: t(`editor.lang.${l === 'en' ? 'en' : 'zh'}`) }))}
          />
          {!v ? (
            <Card className="cs-gap">
              <Flex vertical gap={12} align="start">
                <Typography.Text>{t('editor.noVariant')}</Typography.Text>
                <Button onClick={() => update({ [lang]: emptyVariant() } as Partial<CaseInput>)}>{t('editor.addVariant')}</Button>
              </Flex>
            </Card>
          ) : (
            <Card size="small" className="cs-gap">
              <FieldRow label={t('fields.title')} id="cs-title" count={[...v.title].length} max={LIMITS.title}>
                <Input id="cs-title" value={v.title} status={invalid('title')} onChange={(e) => setField('title', e.target.value)} />
              </FieldRow>
              <FieldRow label={t('fields.industry')} id="cs-industry" count={[...v.industry].length} max={LIMITS.industry}>
                <Input id="cs-industry" value={v.industry} status={invalid('industry')} onChange={(e) => setField('industry', e.target.value)} />
              </FieldRow>
              <FieldRow label={t('fields.tags')} id="cs-tags">
                <Select
                  id="cs-tags"
                  className="cs-tags-select"
                  mode="tags"
                  value={v.tags}
                  status={invalid('tags')}
                  tokenSeparators={[',', '，', '、']}
                  onChange={(tags) => setField('tags', tags)}
                  aria-label={t('fields.tags')}
                />
              </FieldRow>
              <FieldRow label={t('fields.summary')} id="cs-summary" count={[...v.summary].length} max={LIMITS.summary}>
                <Input.TextArea id="cs-summary" value={v.summary} status={invalid('summary')} autoSize={{ minRows: 2, maxRows: 5 }} onChange={(e) => setField('summary', e.target.value)} />
              </FieldRow>
              {[...EDIT_SECTIONS, ...(draft.roleplay ? ROLEPLAY_SECTIONS : [])].map((k: SectionField) => (
                <FieldRow
                  key={k}
                  label={t(`sections.${k}`)}
                  id={`cs-${k}`}
                  count={[...(v[k] ?? '')].length}
                  max={LIMITS.section}
                  hint={k === 'exhibits' ? t('editor.exhibitsHint') : k === 'teaching_notes' ? t('editor.notesHint') : undefined}
                >
                  <Input.TextArea
                    id={`cs-${k}`}
                    className="cs-md-input"
                    value={v[k] ?? ''}
                    status={invalid(k)}
                    autoSize={{ minRows: k === 'teaching_notes' || k === 'exhibits' ? 4 : 3, maxRows: 18 }}
                    onChange={(e) => setField(k, e.target.value)}
                  />
                </FieldRow>
              ))}
            </Card>
          )}

          <Card size="small" title={t('editor.files')} className="cs-gap">
            {!saved ? (
              <Typography.Text type="secondary">{t('editor.saveFirst')}</Typography.Text>
            ) : (
              <>
                <Upload
                  accept="image/png,image/jpeg,image/gif,image/webp"
                  showUploadList={false}
                  beforeUpload={(file) => {
                    uploadImage(file);
                    return false;
                  }}
                >
                  <Button icon={<PictureOutlined />}>{t('editor.uploadImage')}</Button>
                </Upload>
                <Typography.Paragraph type="secondary" className="cs-gap-small">
                  {t('editor.imageRules')}
                </Typography.Paragraph>
                <ul className="cs-file-list">
                  {files.map((f) => (
                    <li key={f.name}>
                      {f.content_type.startsWith('image/') ? <img src={f.url} alt="" className="cs-thumb" /> : null}
                      <span className="cs-file-name">{f.name}</span>
                      <Space>
                        <Button
                          size="small"
                          onClick={() => {
                            const md = f.content_type.startsWith('image/') ? `![${f.name}](${f.name})` : `[${f.name}](${f.name})`;
                            const current = v?.exhibits ?? '';
                            setField('exhibits', current ? `${current}\n\n${md}` : md);
                          }}
                          disabled={!v}
                        >
                          {t('editor.insert')}
                        </Button>
                        <Popconfirm title={t('editor.deleteFileConfirm')} okText={t('editor.delete')} cancelText={t('editor.cancel')} onConfirm={() => removeFile(f.name)}>
                          <Button size="small" danger>
                            {t('editor.delete')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Card>
        </div>
        <aside className="cs-editor-preview" aria-label={t('editor.preview')}>
          <Typography.Text type="secondary" className="cs-preview-label">
            {t('editor.preview')}
          </Typography.Text>
          <Suspense fallback={<PageLoading />}>{v && <CaseView c={previewCase} lang={lang} size="page" showNotes />}</Suspense>
        </aside>
      </div>
    </div>
  );
}

function FieldRow({ label, id, count, max, hint, children }: { label: string; id: string; count?: number; max?: number; hint?: string; children: React.ReactNode }) {
  const { t } = useTranslation('cases');
  return (
    <div className="cs-field">
      <div className="cs-field-head">
        <label htmlFor={id}>{label}</label>
        {max !== undefined && count !== undefined && (
          <span className={`cs-field-count${count > max ? ' is-over' : ''}`}>{t('editor.counter', { count, max })}</span>
        )}
      </div>
      {hint && <p className="cs-field-hint">{hint}</p>}
      {children}
    </div>
  );
}

/** "Check the title (Chinese): …" from the server's field and message. */
function fieldText(t: (k: string, o?: Record<string, unknown>) => string, field: string | undefined, message: string): string {
  if (!field) return t('errors.invalidCase', { message });
  const [name, fieldLang] = field.split('.');
  const known = ['title', 'industry', 'tags', 'summary', 'modules', 'files', 'client', ...EDIT_SECTIONS, ...ROLEPLAY_SECTIONS];
  const label = known.includes(name)
    ? ['title', 'industry', 'tags', 'summary', 'modules', 'files', 'client'].includes(name)
      ? t(`fields.${name}`)
      : t(`sections.${name}`)
    : field;
  const where = fieldLang ? t('errors.fieldInLang', { field: label, lang: fieldLang === 'en' ? t('editor.lang.en') : t('editor.lang.zh') }) : label;
  return t('errors.invalidField', { field: where, message });
}
