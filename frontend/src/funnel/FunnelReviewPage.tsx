// One funnel review: upload the export (in parts, with a progress bar), map
// its columns and order its stages against a preview, analyse it (with the
// server's parse progress), read the result and export it to Excel.
import { App, Button, Card, Col, DatePicker, Empty, Input, InputNumber, Progress, Row, Select, Space, Steps, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, ApiError } from '../api/client';
import type { FunnelPreview, FunnelReview, FunnelRole, FunnelSettings, FunnelStage } from '../api/types';
import { pick } from '../i18n';
import { PageLoading } from '../shared/PageLoading';
import { FunnelResultView } from './FunnelResultView';
import './funnel.css';

const FIELDS = ['stage', 'id', 'name', 'customer', 'amount', 'created', 'closed', 'owner', 'status', 'stage_entered'] as const;
const MAX_MB = 50;

interface EditStage extends FunnelStage {
  rows: number;
}

export default function FunnelReviewPage() {
  const { rid = '' } = useParams();
  const { t, i18n } = useTranslation('funnel');
  const { message } = App.useApp();
  const [review, setReview] = useState<FunnelReview | null>(null);
  const [preview, setPreview] = useState<FunnelPreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [stages, setStages] = useState<EditStage[]>([]);
  const [dateOrder, setDateOrder] = useState<'' | 'dmy' | 'mdy'>('');
  const [target, setTarget] = useState<{ amount?: number | null; from?: string; to?: string }>({});
  const [upload, setUpload] = useState<{ role: FunnelRole; name: string; sent: number; total: number } | null>(null);
  const [analyzing, setAnalyzing] = useState<{ rows: number; bytes: number; total: number } | null>(null);
  const [historyName, setHistoryName] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const historyInput = useRef<HTMLInputElement>(null);

  const reason = useCallback((e: unknown) => {
    if (e instanceof ApiError) return i18n.language === 'en' || !e.messageZh ? e.message : e.messageZh;
    return String(e);
  }, [i18n.language]);

  const applyPreview = useCallback((pv: FunnelPreview, keepStages = false) => {
    setPreview(pv);
    setMapping((m) => ({ ...pv.mapping, ...Object.fromEntries(Object.entries(m).filter(([, v]) => v === '')) }));
    if (!keepStages) setStages((pv.stages ?? []).map((s) => ({ name: s.name, rows: s.rows, won: s.won, lost: s.lost, probability: null, max_days: 0 })));
  }, []);

  useEffect(() => {
    let live = true;
    api.funnelReview(rid).then(async (r) => {
      if (!live) return;
      setReview(r);
      const s = r.settings ?? {};
      if (s.date_order) setDateOrder(s.date_order);
      if (s.target) setTarget({ amount: s.target.amount, from: s.target.from, to: s.target.to });
      setHistoryName(r.files?.find((f) => f.role === 'history' && f.complete)?.name ?? '');
      if (r.files?.some((f) => f.role === 'opportunities' && f.complete)) {
        const { preview: pv } = await api.previewFunnel(rid, { mapping: s.mapping ?? {}, date_order: s.date_order ?? '' });
        if (!live) return;
        applyPreview(pv, !!s.stages);
        if (s.stages) {
          const rows = new Map((pv.stages ?? []).map((x) => [x.name, x.rows]));
          setStages(s.stages.stages.map((x) => ({ ...x, rows: rows.get(x.name) ?? 0 })));
        }
      }
    }, (e) => message.error(t('errors.failed', { reason: reason(e) })));
    return () => {
      live = false;
    };
  }, [rid, applyPreview, message, reason, t]);

  async function send(role: FunnelRole, file: File) {
    setUpload({ role, name: file.name, sent: 0, total: file.size });
    try {
      const res = await api.uploadFunnelFile(rid, role, file, (sent, total) => setUpload({ role, name: file.name, sent, total }));
      if (role === 'opportunities') {
        applyPreview(res.preview as FunnelPreview);
        setReview((r) => (r ? { ...r, result: undefined } : r));
      } else {
        setHistoryName(file.name);
        const pv = await api.previewFunnel(rid, { mapping }, 'opportunities').catch(() => null);
        if (pv) applyPreview(pv.preview);
      }
    } catch (e) {
      message.error(t('errors.file', { reason: reason(e) }));
    } finally {
      setUpload(null);
    }
  }

  async function remap(next: Record<string, string>, order = dateOrder) {
    setMapping(next);
    try {
      const { preview: pv } = await api.previewFunnel(rid, { mapping: next, date_order: order });
      applyPreview(pv);
    } catch (e) {
      message.error(t('errors.failed', { reason: reason(e) }));
    }
  }

  function settings(): FunnelSettings {
    const s: FunnelSettings = { mapping, date_order: dateOrder };
    if (stages.length > 0) {
      const open = stages.filter((x) => !x.won && !x.lost);
      const closed = stages.filter((x) => x.won || x.lost);
      s.stages = {
        stages: [...open, ...closed].map((x) => ({
          name: x.name,
          probability: x.probability ?? null,
          max_days: x.max_days || 0,
          won: x.won || undefined,
          lost: x.lost || undefined,
        })),
      };
    }
    if (target.amount) s.target = { amount: target.amount, from: target.from || undefined, to: target.to || undefined };
    return s;
  }

  async function analyze() {
    setAnalyzing({ rows: 0, bytes: 0, total: 1 });
    try {
      const r = await api.analyzeFunnel(rid, settings(), (p) => setAnalyzing({ rows: p.rows, bytes: p.bytes, total: p.total || 1 }));
      setReview(r);
    } catch (e) {
      message.error(t('errors.failed', { reason: reason(e) }));
    } finally {
      setAnalyzing(null);
    }
  }

  function move(i: number, by: number) {
    setStages((list) => {
      const next = [...list];
      const j = i + by;
      if (j < 0 || j >= next.length) return list;
      [next[i], next[j]] = [next[j], next[i]];
      return next;
    });
  }

  const columns = useMemo(() => preview?.header ?? [], [preview]);
  if (!review) return <PageLoading />;
  const oppFile = review.files?.find((f) => f.role === 'opportunities' && f.complete);
  const step = review.result ? 2 : preview ? 1 : 0;
  const lang = i18n.language;

  return (
    <div className="fr-page">
      <Space className="fr-head" wrap>
        <Typography.Title level={2}>{review.title}</Typography.Title>
        {review.result && (
          <Button href={api.funnelExportURL(rid, lang)} target="_blank" rel="noopener">
            {t('result.export')}
          </Button>
        )}
        {review.result && review.workshop_id && (
          <Button
            onClick={async () => {
              try {
                const r = await api.loadWorkshopFunnel(review.workshop_id!, { source: 'review', review_id: rid });
                message.success(t('result.loaded', { count: r.boards }));
              } catch (e) {
                message.error(t('errors.failed', { reason: reason(e) }));
              }
            }}
          >
            {t('result.useInWorkshop')}
          </Button>
        )}
      </Space>
      <Steps current={step} className="fr-steps" items={[{ title: t('steps.upload') }, { title: t('steps.map') }, { title: t('steps.result') }]} />

      <Card title={t('upload.title')} size="small" className="fr-gap">
        <Typography.Paragraph type="secondary">{t('upload.hint', { mb: MAX_MB })}</Typography.Paragraph>
        <input
          ref={fileInput}
          type="file"
          accept=".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          hidden
          data-testid="opportunity-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) send('opportunities', f);
          }}
        />
        <input
          ref={historyInput}
          type="file"
          accept=".csv,.txt,.tsv,.xlsx"
          hidden
          data-testid="history-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) send('history', f);
          }}
        />
        <Space wrap>
          <Button type="primary" onClick={() => fileInput.current?.click()} disabled={!!upload}>
            {oppFile ? t('upload.replace') : t('upload.choose')}
          </Button>
          {oppFile && <Typography.Text>{t('upload.current', { name: oppFile.name, size: `${(oppFile.size / 1048576).toFixed(1)} MB` })}</Typography.Text>}
        </Space>
        <div className="fr-gap">
          <Space wrap>
            <Button onClick={() => historyInput.current?.click()} disabled={!!upload || !oppFile}>
              {t('upload.chooseHistory')}
            </Button>
            {historyName && <Tag>{historyName}</Tag>}
          </Space>
          <Typography.Paragraph type="secondary" className="fr-small">
            {t('upload.history')}:{t('upload.historyHint')}
          </Typography.Paragraph>
        </div>
        {upload && (
          <div className="fr-gap" data-testid="upload-progress">
            <Typography.Text>{t('upload.sending', { name: upload.name })}</Typography.Text>
            <Progress percent={Math.floor((upload.sent / Math.max(upload.total, 1)) * 100)} />
          </div>
        )}
      </Card>

      {preview && (
        <Card title={t('map.title')} size="small" className="fr-gap">
          <Typography.Paragraph type="secondary">{t('map.hint')}</Typography.Paragraph>
          <Typography.Paragraph>
            <Tag>{t('map.source', { format: preview.source.format.toUpperCase(), encoding: preview.source.encoding ?? preview.source.sheet ?? '', rows: preview.source.rows })}</Tag>
          </Typography.Paragraph>
          {preview.problem && <Typography.Paragraph type="danger">{pick(preview.problem.text, lang)}</Typography.Paragraph>}
          <Row gutter={[16, 8]}>
            {FIELDS.map((f) => (
              <Col key={f} xs={24} sm={12} lg={6}>
                <label className="fr-label" htmlFor={`map-${f}`}>
                  {t(`map.fields.${f}`)}
                  {preview.matched?.[f] && <Tag className="fr-tag">{t(preview.matched[f] === 'user' ? 'map.user' : 'map.auto')}</Tag>}
                </label>
                <Select
                  id={`map-${f}`}
                  className="fr-select"
                  value={mapping[f] ?? ''}
                  status={f === 'stage' && !mapping.stage ? 'error' : undefined}
                  options={[{ value: '', label: t('map.none') }, ...columns.map((c) => ({ value: c, label: c }))]}
                  onChange={(v: string) => remap({ ...mapping, [f]: v })}
                />
              </Col>
            ))}
            <Col xs={24} sm={12} lg={6}>
              <label className="fr-label" htmlFor="map-date-order">
                {t('map.dateOrder')}
              </label>
              <Select
                id="map-date-order"
                className="fr-select"
                value={dateOrder}
                options={[
                  { value: '', label: t('map.dateAuto') },
                  { value: 'dmy', label: t('map.dateDMY') },
                  { value: 'mdy', label: t('map.dateMDY') },
                ]}
                onChange={(v: '' | 'dmy' | 'mdy') => {
                  setDateOrder(v);
                  remap(mapping, v);
                }}
              />
            </Col>
          </Row>
          <Typography.Title level={5} className="fr-gap">
            {t('map.preview', { count: preview.rows.length })}
          </Typography.Title>
          <Table
            size="small"
            className="fr-preview"
            scroll={{ x: 'max-content', y: 240 }}
            pagination={false}
            rowKey={(_, i) => String(i)}
            dataSource={preview.rows.map((r) => Object.fromEntries(r.map((v, i) => [String(i), v])))}
            columns={preview.header.map((h, i) => ({ title: h, dataIndex: String(i), ellipsis: true }))}
          />
        </Card>
      )}

      {preview && stages.length > 0 && (
        <Card title={t('stages.title')} size="small" className="fr-gap">
          <Typography.Paragraph type="secondary">{t('stages.hint')}</Typography.Paragraph>
          {preview.stage_order && (
            <Typography.Paragraph>
              {t('stages.orderFrom', { source: t(`stages.orderSource.${preview.stage_order}`, { defaultValue: preview.stage_order }) })}
            </Typography.Paragraph>
          )}
          <Table
            size="small"
            rowKey="name"
            pagination={false}
            dataSource={stages}
            columns={[
              { title: t('stages.name'), dataIndex: 'name' },
              { title: t('stages.rows'), dataIndex: 'rows', align: 'right' },
              {
                title: t('stages.kind'),
                render: (_, s, i) => (
                  <Select
                    aria-label={`${t('stages.kind')} ${s.name}`}
                    value={s.won ? 'won' : s.lost ? 'lost' : 'open'}
                    options={[
                      { value: 'open', label: t('stages.open') },
                      { value: 'won', label: t('stages.won') },
                      { value: 'lost', label: t('stages.lost') },
                    ]}
                    onChange={(v) => setStages((l) => l.map((x, j) => (j === i ? { ...x, won: v === 'won', lost: v === 'lost' } : x)))}
                  />
                ),
              },
              {
                title: t('stages.probability'),
                render: (_, s, i) => (
                  <InputNumber
                    aria-label={`${t('stages.probability')} ${s.name}`}
                    min={0}
                    max={100}
                    value={s.probability ?? null}
                    onChange={(v) => setStages((l) => l.map((x, j) => (j === i ? { ...x, probability: v } : x)))}
                  />
                ),
              },
              {
                title: t('stages.maxDays'),
                render: (_, s, i) =>
                  s.won || s.lost ? null : (
                    <InputNumber
                      aria-label={`${t('stages.maxDays')} ${s.name}`}
                      min={0}
                      max={3650}
                      value={s.max_days || null}
                      onChange={(v) => setStages((l) => l.map((x, j) => (j === i ? { ...x, max_days: v ?? 0 } : x)))}
                    />
                  ),
              },
              {
                title: '',
                render: (_, s, i) => (
                  <Space>
                    <Button size="small" aria-label={`${t('stages.up')} ${s.name}`} disabled={i === 0} onClick={() => move(i, -1)}>
                      ↑
                    </Button>
                    <Button size="small" aria-label={`${t('stages.down')} ${s.name}`} disabled={i === stages.length - 1} onClick={() => move(i, 1)}>
                      ↓
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
          <Row gutter={[16, 8]} className="fr-gap">
            <Col xs={24} sm={8}>
              <label className="fr-label" htmlFor="fr-target">
                {t('stages.target')}
              </label>
              <InputNumber id="fr-target" className="fr-select" min={0} value={target.amount ?? null} onChange={(v) => setTarget((x) => ({ ...x, amount: v }))} />
            </Col>
            <Col xs={12} sm={8}>
              <label className="fr-label" htmlFor="fr-target-from">
                {t('stages.targetFrom')}
              </label>
              <DatePicker id="fr-target-from" className="fr-select" value={target.from ? dayjs(target.from) : null} onChange={(d) => setTarget((x) => ({ ...x, from: d ? d.format('YYYY-MM-DD') : '' }))} />
            </Col>
            <Col xs={12} sm={8}>
              <label className="fr-label" htmlFor="fr-target-to">
                {t('stages.targetTo')}
              </label>
              <DatePicker id="fr-target-to" className="fr-select" value={target.to ? dayjs(target.to) : null} onChange={(d) => setTarget((x) => ({ ...x, to: d ? d.format('YYYY-MM-DD') : '' }))} />
            </Col>
          </Row>
          <Space className="fr-gap" wrap>
            <Button type="primary" size="large" onClick={analyze} disabled={!!analyzing || !mapping.stage}>
              {t('stages.analyze')}
            </Button>
          </Space>
          {analyzing && (
            <div className="fr-gap" data-testid="analyze-progress">
              <Typography.Text>{t('stages.analyzing', { rows: analyzing.rows.toLocaleString() })}</Typography.Text>
              <Progress percent={Math.min(99, Math.floor((analyzing.bytes / analyzing.total) * 100))} status="active" />
            </div>
          )}
        </Card>
      )}

      {review.result ? (
        <section className="fr-gap" aria-label={t('result.title')}>
          <Typography.Title level={3}>
            {t('result.title')} <Typography.Text type="secondary">{t('result.asOf', { date: review.result.as_of })}</Typography.Text>
          </Typography.Title>
          <FunnelResultView result={review.result} />
        </section>
      ) : (
        !preview && <Empty className="fr-gap" description={t('upload.hint', { mb: MAX_MB })} />
      )}
    </div>
  );
}

export function FunnelTitleInput({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation('funnel');
  return <Input value={value} placeholder={t('list.newPlaceholder')} onChange={(e) => onChange(e.target.value)} aria-label={t('list.newTitle')} maxLength={120} />;
}
