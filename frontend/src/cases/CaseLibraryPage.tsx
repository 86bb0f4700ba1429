// /cases — the trainer's case library: the built-in cases and their own,
// searched (Chinese substring: 电梯 finds 某电梯维保服务公司) and filtered by
// module, industry, tag, kind and role play; new cases, zip import and export.
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Empty, Input, Modal, Segmented, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { casesApi, ImportRefused, variantIn, type CaseListItem, type Facet, type ImportProblem, type ImportReport } from '../api/cases';
import { PageLoading } from '../shared/PageLoading';
import { caseErrorText } from './errors';
import { ScopeTag } from './WorkshopCasesPanel';
import './cases.css';

type Scope = '' | 'builtin' | 'mine' | 'client';

export default function CaseLibraryPage() {
  const { t, i18n } = useTranslation(['cases', 'errors']);
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const module = Number(params.get('module')) || undefined;
  const industry = params.get('industry') ?? undefined;
  const tag = params.get('tag') ?? undefined;
  const scope = (params.get('scope') ?? '') as Scope;
  const roleplay = params.get('roleplay') === 'true' ? true : undefined;
  const [items, setItems] = useState<CaseListItem[] | null>(null);
  const [facets, setFacets] = useState<{ industries: Facet[]; tags: Facet[] }>({ industries: [], tags: [] });
  const [text, setText] = useState(q);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [problems, setProblems] = useState<ImportProblem[] | null>(null);

  const set = (key: string, value: string | number | boolean | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '' || value === false) next.delete(key);
    else next.set(key, String(value));
    setParams(next, { replace: true });
  };

  const load = useCallback(async () => {
    try {
      const r = await casesApi.list({ q, module, industry, tag, roleplay, scope: scope || undefined, lang });
      setItems(r.cases);
      setFacets({ industries: r.facets.industries, tags: r.facets.tags });
    } catch (e) {
      message.error(caseErrorText(t, e));
      setItems([]);
    }
  }, [q, module, industry, tag, roleplay, scope, lang, message, t]);
  useEffect(() => {
    load();
  }, [load]);
  useEffect(() => setText(q), [q]);

  const importZip = async (file: File) => {
    try {
      const r = await casesApi.importZip(file);
      setReport(r);
      await load();
    } catch (e) {
      if (e instanceof ImportRefused) setProblems(e.files);
      else message.error(caseErrorText(t, e));
    }
  };

  return (
    <div className="pc-page cs-library">
      <div className="pc-page-head">
        <Typography.Title level={2} className="pc-title">
          {t('library.title')}
        </Typography.Title>
        <Space wrap>
          <Upload
            accept=".zip,application/zip"
            showUploadList={false}
            beforeUpload={(file) => {
              importZip(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>{t('library.import')}</Button>
          </Upload>
          <Button icon={<DownloadOutlined />} href={casesApi.exportLibraryURL('mine')} download>
            {t('library.export')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/cases/new')}>
            {t('library.new')}
          </Button>
        </Space>
      </div>

      <Card size="small" className="cs-filters">
        <Input.Search
          className="cs-library-search"
          size="large"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => set('q', v.trim())}
          placeholder={t('library.searchPlaceholder')}
          aria-label={t('library.searchLabel')}
          enterButton={t('library.search')}
          allowClear
          maxLength={200}
        />
        <Space wrap className="cs-filter-row">
          <Segmented<Scope>
            value={scope}
            onChange={(v) => set('scope', v)}
            options={[
              { value: '', label: t('library.scopeAll') },
              { value: 'builtin', label: t('scope.builtin') },
              { value: 'mine', label: t('library.scopeMine') },
              { value: 'client', label: t('scope.client') },
            ]}
          />
          <Select
            allowClear
            className="cs-filter"
            placeholder={t('library.module')}
            aria-label={t('library.module')}
            value={module}
            onChange={(v) => set('module', v)}
            options={[1, 2, 3, 4, 5, 6].map((n) => ({ value: n, label: t('module', { number: n }) }))}
          />
          <Select
            allowClear
            showSearch
            className="cs-filter"
            placeholder={t('library.industry')}
            aria-label={t('library.industry')}
            value={industry}
            onChange={(v) => set('industry', v)}
            options={facets.industries.map((f) => ({ value: f.value, label: `${f.value} (${f.count})` }))}
          />
          <Select
            allowClear
            showSearch
            className="cs-filter"
            placeholder={t('library.tag')}
            aria-label={t('library.tag')}
            value={tag}
            onChange={(v) => set('tag', v)}
            options={facets.tags.map((f) => ({ value: f.value, label: `${f.value} (${f.count})` }))}
          />
          <Checkbox checked={!!roleplay} onChange={(e) => set('roleplay', e.target.checked)}>
            {t('library.roleplayOnly')}
          </Checkbox>
        </Space>
      </Card>

      {items === null ? (
        <PageLoading />
      ) : items.length === 0 ? (
        <Empty className="cs-empty" description={q ? t('library.noResults', { q }) : t('library.empty')} />
      ) : (
        <>
          <Typography.Text type="secondary" className="cs-count">
            {t('library.count', { count: items.length })}
          </Typography.Text>
          <ul className="cs-cards" aria-label={t('library.listLabel')}>
            {items.map((c) => {
              const v = variantIn(c, lang);
              return (
                <li key={c.id}>
                  <Link to={`/cases/${c.id}`} className="cs-card">
                    <span className="cs-card-meta">
                      <ScopeTag scope={c.scope} />
                      {c.modules.map((m) => (
                        <Tag key={m}>{t('module', { number: m })}</Tag>
                      ))}
                      {c.roleplay && <Tag color="purple">{t('roleplay')}</Tag>}
                      {c.appendix && <Tag color="green">{t('library.inAppendix')}</Tag>}
                    </span>
                    <span className="cs-card-title">{v?.title}</span>
                    <span className="cs-card-industry">
                      {v?.industry}
                      {c.client ? ` · ${c.client}` : ''}
                    </span>
                    <span className="cs-card-summary">{c.match && c.match.field !== 'title' ? c.match.snippet : v?.summary}</span>
                  </Link>
                </li>
              );
            })}
          </ul>
        </>
      )}

      <Modal open={!!report} onCancel={() => setReport(null)} onOk={() => setReport(null)} title={t('library.importDone')} cancelButtonProps={{ style: { display: 'none' } }}>
        <ul>
          {report?.imported.map((r) => (
            <li key={r.id}>
              <Link to={`/cases/${r.id}`} onClick={() => setReport(null)}>
                {r.title}
              </Link>{' '}
              <Tag>{t(`library.action.${r.action}`)}</Tag>
            </li>
          ))}
        </ul>
      </Modal>
      <Modal
        open={!!problems}
        width={760}
        onCancel={() => setProblems(null)}
        onOk={() => setProblems(null)}
        title={t('library.importRefused')}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Typography.Paragraph>{t('library.importRefusedIntro')}</Typography.Paragraph>
        <Table
          size="small"
          rowKey={(r) => `${r.file}-${r.line ?? 0}-${r.message}`}
          pagination={false}
          dataSource={problems ?? []}
          columns={[
            { title: t('library.problemFile'), dataIndex: 'file', render: (f: string, r: ImportProblem) => (r.line ? `${f}:${r.line}` : f) },
            { title: t('library.problemReason'), dataIndex: 'message' },
          ]}
        />
      </Modal>
    </div>
  );
}
