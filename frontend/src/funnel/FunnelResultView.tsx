// The funnel review's result: key figures, the funnel and conversion charts,
// the shape diagnosis, stuck deals, owners compared, limits and bad rows.
import { Alert, Card, Col, Row, Statistic, Table, Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { pick } from '../i18n';
import type { FunnelResult, FunnelStageResult } from '../protocol/messages.gen';
import { EChart } from './EChart';

const money = (v: number, lang: string) => v.toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 0 });
const pct = (v: number | null | undefined) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);

export function FunnelResultView({ result }: { result: FunnelResult }) {
  const { t, i18n } = useTranslation('funnel');
  const lang = i18n.language;
  const open = useMemo(() => result.stages.filter((s) => !s.won && !s.lost), [result]);
  const funnelOption = useMemo(
    () => ({
      animation: false,
      tooltip: { trigger: 'item', formatter: '{b}: {c}' },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          left: '10%',
          width: '80%',
          minSize: '8%',
          gap: 2,
          label: { show: true, position: 'inside', formatter: '{b}\n{c}', fontSize: 14, color: '#fff' },
          itemStyle: { borderColor: '#fff', borderWidth: 1 },
          data: [...open, ...result.stages.filter((s) => s.won)].map((s: FunnelStageResult, i) => ({
            name: s.name,
            value: s.reached,
            itemStyle: { color: s.won ? '#2e7d32' : ['#1f4e8c', '#2f6db3', '#4a8fd6', '#6fa9e6', '#94c0ee', '#b8d5f3'][i % 6] },
          })),
        },
      ],
    }),
    [open, result],
  );
  const conversionOption = useMemo(
    () => ({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: open.map((s) => s.name), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        { name: t('result.conversionSeries'), type: 'bar', data: open.map((s) => (s.conversion == null ? null : +(s.conversion * 100).toFixed(1))), itemStyle: { color: '#1f4e8c' }, label: { show: true, position: 'top', formatter: '{c}%' } },
        { name: t('result.empiricalSeries'), type: 'bar', data: open.map((s) => s.empirical_probability), itemStyle: { color: '#d97706' } },
        { name: t('result.configuredSeries'), type: 'bar', data: open.map((s) => s.probability), itemStyle: { color: '#94a3b8' } },
      ],
    }),
    [open, t],
  );
  const owners = result.owners.slice(0, 12);
  const ownerOption = useMemo(
    () => ({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 80, right: 16, top: 40, bottom: 24 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: owners.map((o) => o.owner).reverse() },
      series: [
        { name: t('result.wonAmount'), type: 'bar', stack: 'a', data: owners.map((o) => o.won_amount).reverse(), itemStyle: { color: '#2e7d32' } },
        { name: t('result.weighted'), type: 'bar', data: owners.map((o) => o.weighted).reverse(), itemStyle: { color: '#4a8fd6' } },
      ],
    }),
    [owners, t],
  );
  const leak = result.biggest_leak;
  const shapeType = result.shape.kind === 'standard' ? 'success' : result.shape.kind === 'insufficient_data' ? 'info' : 'warning';
  return (
    <div className="fr-result">
      <Row gutter={[16, 16]}>
        {[
          [t('result.opportunities'), result.opportunities],
          [t('result.won'), result.won],
          [t('result.lost'), result.lost],
          [t('result.open'), result.open],
          [t('result.winRate'), pct(result.win_rate)],
          [t('result.pipeline'), money(result.pipeline, lang)],
          [t('result.weighted'), money(result.weighted_pipeline, lang)],
          [t('result.cycle'), result.avg_cycle_days == null ? '—' : t('result.days', { count: Math.round(result.avg_cycle_days) })],
          [t('result.velocity'), result.velocity_per_day == null ? '—' : money(result.velocity_per_day, lang)],
          ...(result.target
            ? [[t('result.coverage'), t('result.coverageValue', { plain: result.target.coverage?.toFixed(2) ?? '—', weighted: result.target.weighted_coverage?.toFixed(2) ?? '—' })]]
            : []),
        ].map(([title, value]) => (
          <Col key={String(title)} xs={12} md={8} xl={4}>
            <Card size="small">
              <Statistic title={title} value={value as string | number} />
            </Card>
          </Col>
        ))}
      </Row>
      {leak && (
        <Alert
          className="fr-gap"
          type="warning"
          showIcon
          message={t('result.leak', { from: leak.from, to: leak.to, rate: pct(leak.conversion), lost: leak.lost })}
        />
      )}
      <Row gutter={[16, 16]} className="fr-gap">
        <Col xs={24} lg={10}>
          <Card title={t('result.funnel')} size="small">
            <EChart option={funnelOption} height={320} label={t('result.funnel')} testId="funnel-chart" />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('result.conversion')} size="small">
            <EChart option={conversionOption} height={320} label={t('result.conversion')} testId="conversion-chart" />
          </Card>
        </Col>
      </Row>
      <Card title={t('result.shape')} size="small" className="fr-gap">
        <Alert type={shapeType} showIcon message={pick(result.shape.title, lang)} description={pick(result.shape.meaning, lang)} />
        {result.shape.findings.map((f, i) => (
          <p key={i} className="fr-finding">
            <Tag color="orange">{pick(f.title, lang)}</Tag>
            {pick(f.evidence, lang)}
          </p>
        ))}
      </Card>
      <Card title={t('result.aging')} extra={t('result.agingTotal', { count: result.stuck_total })} size="small" className="fr-gap">
        <Table
          size="small"
          rowKey={(r) => `${r.row}`}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={result.stuck}
          columns={[
            { title: t('result.col.id'), dataIndex: 'id' },
            { title: t('result.col.owner'), dataIndex: 'owner' },
            { title: t('result.col.stage'), dataIndex: 'stage' },
            { title: t('result.col.amount'), dataIndex: 'amount', align: 'right', render: (v: number | null) => (v == null ? '—' : money(v, lang)) },
            { title: t('result.col.days'), dataIndex: 'days', align: 'right' },
            { title: t('result.col.limit'), dataIndex: 'max_days', align: 'right' },
            { title: t('result.col.over'), dataIndex: 'days_over', align: 'right', render: (v: number) => <Tag color="red">+{v}</Tag> },
          ]}
        />
      </Card>
      {result.owners.length > 0 && (
        <Row gutter={[16, 16]} className="fr-gap">
          <Col xs={24} lg={10}>
            <Card title={t('result.owners')} size="small">
              <EChart option={ownerOption} height={Math.max(220, owners.length * 34 + 60)} label={t('result.owners')} testId="owner-chart" />
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            <Card size="small">
              <Table
                size="small"
                rowKey="owner"
                pagination={{ pageSize: 12, hideOnSinglePage: true }}
                dataSource={result.owners}
                columns={[
                  { title: t('result.col.owner'), dataIndex: 'owner' },
                  { title: t('result.col.deals'), dataIndex: 'opportunities', align: 'right' },
                  { title: t('result.won'), dataIndex: 'won', align: 'right' },
                  { title: t('result.col.winRate'), dataIndex: 'win_rate', align: 'right', render: (v: number | null) => pct(v) },
                  { title: t('result.wonAmount'), dataIndex: 'won_amount', align: 'right', render: (v: number) => money(v, lang) },
                  { title: t('result.col.pipeline'), dataIndex: 'pipeline', align: 'right', render: (v: number) => money(v, lang) },
                ]}
              />
            </Card>
          </Col>
        </Row>
      )}
      <Card title={t('stages.title')} size="small" className="fr-gap">
        <Table
          size="small"
          rowKey="name"
          pagination={false}
          dataSource={result.stages}
          columns={[
            { title: t('result.col.stage'), dataIndex: 'name' },
            { title: t('result.col.reached'), dataIndex: 'reached', align: 'right' },
            { title: t('result.col.conversion'), dataIndex: 'conversion', align: 'right', render: (v: number | null) => pct(v) },
            { title: t('result.open'), dataIndex: 'open', align: 'right' },
            { title: t('result.col.configured'), dataIndex: 'probability', align: 'right', render: (v: number | null) => (v == null ? '—' : `${v}%`) },
            { title: t('result.col.empirical'), dataIndex: 'empirical_probability', align: 'right', render: (v: number | null) => (v == null ? '—' : `${v}%`) },
            { title: t('result.col.stuck'), dataIndex: 'stuck', align: 'right' },
          ]}
        />
      </Card>
      {(result.limits.length > 0 || result.warnings.length > 0) && (
        <Row gutter={[16, 16]} className="fr-gap">
          <Col xs={24} lg={12}>
            <Card title={t('result.limits')} size="small">
              <ul className="fr-notes">
                {result.limits.map((n) => (
                  <li key={n.code}>{pick(n.text, lang)}</li>
                ))}
              </ul>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('result.warnings')} size="small">
              <ul className="fr-notes">
                {result.warnings.map((n, i) => (
                  <li key={i}>{pick(n.text, lang)}</li>
                ))}
              </ul>
            </Card>
          </Col>
        </Row>
      )}
      {result.bad_rows_total > 0 && (
        <Card title={t('result.badRows', { count: result.bad_rows_total, skipped: result.skipped_rows })} size="small" className="fr-gap">
          <Table
            size="small"
            rowKey={(r) => `${r.file}:${r.row}:${r.code}`}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={result.bad_rows}
            columns={[
              { title: t('result.col.row'), dataIndex: 'row', width: 80 },
              { title: '', dataIndex: 'skipped', width: 80, render: (v: boolean) => <Tag color={v ? 'red' : 'gold'}>{v ? t('result.skipped') : t('result.kept')}</Tag> },
              { title: t('result.col.reason'), dataIndex: 'reason', render: (v) => pick(v, lang) },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
