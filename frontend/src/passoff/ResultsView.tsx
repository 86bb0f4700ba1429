// The round's statistics and exports: performers with weighted totals and
// pass or fail, criteria with spread, judges' harshness, agreement (ICC,
// Krippendorff's alpha) with the small-panel caveat, improvement and the
// group leaderboard; the ledger XLSX, certificates, and paper-sheet import.
import { Alert, App, Button, Card, Col, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { PassoffReportResponse } from '../api/types';
import { pick } from '../i18n';
import { apiErrorText } from '../shared/errors';

function num(v: number | null | undefined, digits = 2): string {
  return v == null ? '—' : v.toFixed(digits);
}

export function ResultsView({ workshopId, activity, seq }: { workshopId: string; activity: string; seq: number }) {
  const { t, i18n } = useTranslation(['passoff', 'errors']);
  const { message } = App.useApp();
  const lang = i18n.language;
  const [data, setData] = useState<PassoffReportResponse | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const load = useCallback(() => {
    api.passoffReport(workshopId, activity).then(setData, (e) => message.error(apiErrorText(t, e)));
  }, [workshopId, activity, message, t]);
  useEffect(load, [load, seq]);
  if (!data) return null;
  const { report, rubric, names } = data;
  const person = (id: string) => names.People[id] ?? id;
  const crit = new Map(rubric.criteria.map((c) => [c.id, pick(c.name, lang)]));
  const a = report.agreement;

  const importSheet = async (f: File) => {
    try {
      const r = await api.importScores(workshopId, activity, await f.text());
      message.success(t('results.imported', { count: r.imported }));
      load();
    } catch (e) {
      message.error(`${apiErrorText(t, e)} ${e instanceof Error ? e.message : ''}`);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap>
          <Button href={api.ledgerURL(workshopId, activity)}>{t('results.xlsx')}</Button>
          <Button href={api.certificatesURL(workshopId, activity)} target="_blank" rel="noopener">
            {t('results.certificates')}
          </Button>
          <Button href={api.resultsURL(workshopId, activity)} target="_blank" rel="noopener">
            {t('results.playbook')}
          </Button>
          <Button onClick={() => file.current?.click()}>{t('results.import')}</Button>
          <input
            ref={file}
            type="file"
            accept=".csv,text/csv"
            hidden
            aria-label={t('results.import')}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) importSheet(f);
              e.target.value = '';
            }}
          />
          <Typography.Text type="secondary">{t('results.importHint')}</Typography.Text>
        </Space>
      </Card>
      <Card title={t('results.agreement')} data-testid="agreement">
        <Row gutter={16}>
          <Col span={8}>
            <Statistic title={t('results.icc1')} value={num(a.icc2_1)} suffix={a.icc2_1_ci95 ? <small>{t('results.ci', { low: num(a.icc2_1_ci95[0]), high: num(a.icc2_1_ci95[1]) })}</small> : undefined} />
          </Col>
          <Col span={8}>
            <Statistic title={t('results.icck')} value={num(a.icc2_k)} suffix={a.icc2_k_ci95 ? <small>{t('results.ci', { low: num(a.icc2_k_ci95[0]), high: num(a.icc2_k_ci95[1]) })}</small> : undefined} />
          </Col>
          <Col span={8}>
            <Statistic title={t('results.alpha')} value={num(a.krippendorff_alpha)} />
          </Col>
        </Row>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('results.agreementBasis', { performances: a.performances, judges: a.judges })}
        </Typography.Paragraph>
        {a.caveats.map((c) => (
          <Alert key={c.code} type="warning" showIcon title={t(`caveat.${c.code}`, { defaultValue: c.message })} style={{ marginTop: 8 }} />
        ))}
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card title={t('results.performers')}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={report.performances}
              columns={[
                { title: t('results.col.performer'), dataIndex: 'name' },
                { title: t('results.col.group'), dataIndex: 'group', render: (g?: string) => g || '—' },
                { title: t('results.col.try'), dataIndex: 'attempt' },
                { title: t('results.col.score'), render: (_, p) => t('percent', { value: p.result.percent.toFixed(1) }) },
                {
                  title: t('results.col.result'),
                  render: (_, p) =>
                    p.result.passed ? (
                      <Tag color="success">{t('pass')}</Tag>
                    ) : (
                      <span>
                        <Tag color="error">{t('fail')}</Tag>
                        {(p.result.must_pass_failed ?? []).map((id) => (
                          <Tag key={id}>{t('results.mustPassBelow', { name: crit.get(id) ?? id })}</Tag>
                        ))}
                      </span>
                    ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('results.judges')}>
            <Table
              rowKey="judge"
              size="small"
              pagination={false}
              dataSource={report.judges}
              columns={[
                { title: t('results.col.judge'), render: (_, j) => person(j.judge) },
                { title: t('results.col.scores'), dataIndex: 'scores' },
                { title: t('results.col.mean'), render: (_, j) => num(j.mean) },
                { title: t('results.col.spread'), render: (_, j) => num(j.spread) },
                {
                  title: t('results.col.harshness'),
                  render: (_, j) => (j.harshness == null ? '—' : <Tag color={j.harshness <= -0.5 ? 'blue' : j.harshness >= 0.5 ? 'gold' : undefined}>{(j.harshness > 0 ? '+' : '') + num(j.harshness)}</Tag>),
                },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              {t('results.harshnessHint')}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('results.criteria')} style={{ marginTop: 16 }}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={report.criteria}
              columns={[
                { title: t('results.col.criterion'), render: (_, c) => crit.get(c.id) ?? c.id },
                { title: t('results.col.mean'), render: (_, c) => num(c.mean) },
                { title: t('results.col.sd'), render: (_, c) => num(c.sd) },
                { title: t('results.col.range'), render: (_, c) => `${c.min}–${c.max}` },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('results.leaderboard')} style={{ marginTop: 16 }}>
            <Table
              rowKey="group"
              size="small"
              pagination={false}
              dataSource={report.leaderboard}
              columns={[
                { title: t('results.col.rank'), dataIndex: 'rank' },
                { title: t('results.col.group'), render: (_, g) => g.group || '—' },
                { title: t('results.col.passed'), render: (_, g) => `${g.passed}/${g.performers}` },
                { title: t('results.col.passRate'), render: (_, g) => t('percent', { value: g.pass_rate.toFixed(0) }) },
                { title: t('results.col.meanBest'), render: (_, g) => t('percent', { value: g.mean_best.toFixed(1) }) },
              ]}
            />
          </Card>
          <Card title={t('results.improvement')} style={{ marginTop: 16 }}>
            <Table
              rowKey="performer"
              size="small"
              pagination={false}
              dataSource={report.improvement.filter((i) => i.attempts.length > 1)}
              locale={{ emptyText: t('results.noRetries') }}
              columns={[
                { title: t('results.col.performer'), dataIndex: 'name' },
                { title: t('results.col.attempts'), render: (_, i) => i.attempts.map((x) => t('percent', { value: x.percent.toFixed(1) })).join(' → ') },
                { title: t('results.col.change'), render: (_, i) => `${i.change >= 0 ? '+' : ''}${i.change.toFixed(1)}` },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
