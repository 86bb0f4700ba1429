// Calibration: every judge scored the same demo performance; each judge's
// distance from the panel's median per criterion, judges one level or more
// away flagged, so the panel can talk before live scoring starts.
import { Alert, Empty, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { pick } from '../i18n';
import type { CalibrationJudge, RoundState } from '../protocol/messages.gen';
import { attemptsInOrder } from './model';

export function CalibrationView({ rs }: { workshopId: string; activity: string; rs: RoundState; seq: number }) {
  const { t, i18n } = useTranslation('passoff');
  const lang = i18n.language;
  const demos = attemptsInOrder(rs).filter((a) => a.calibration && a.status === 'revealed' && a.calibrated);
  const demo = demos[demos.length - 1];
  if (!demo || !demo.calibrated) return <Empty description={t('calibration.none')} />;
  const cal = demo.calibrated;
  const names = new Map(demo.panel.map((p) => [p.id, p.name]));
  const crits = rs.rubric?.criteria ?? [];
  const median = new Map(cal.criteria.map((c) => [c.id, c.median]));
  return (
    <div data-testid="calibration">
      <Typography.Title level={4}>{t('calibration.title', { name: demo.name })}</Typography.Title>
      <Alert
        type={cal.flagged ? 'warning' : 'success'}
        showIcon
        title={cal.flagged ? t('calibration.flagged', { count: cal.flagged }) : t('calibration.aligned')}
        description={t('calibration.how')}
        style={{ marginBottom: 16 }}
      />
      <Table<CalibrationJudge>
        rowKey="judge"
        pagination={false}
        dataSource={cal.judges}
        columns={[
          {
            title: t('calibration.judge'),
            render: (_, j) => (
              <span>
                {names.get(j.judge) ?? j.judge} {j.flagged && <Tag color="warning">{t('calibration.discuss')}</Tag>}
              </span>
            ),
          },
          ...crits.map((c) => ({
            title: (
              <span>
                {pick(c.name, lang)}
                <br />
                <Typography.Text type="secondary">{t('calibration.median', { value: median.get(c.id) ?? '—' })}</Typography.Text>
              </span>
            ),
            key: c.id,
            render: (_: unknown, j: CalibrationJudge) => {
              const d = j.distances.find((x) => x.criterion === c.id);
              if (!d) return '—';
              const sign = d.distance > 0 ? '+' : '';
              return (
                <span className={d.flagged ? 'po-flag' : undefined} title={t('calibration.cell', { score: d.score, distance: `${sign}${d.distance}` })}>
                  {d.score} <Typography.Text type={d.flagged ? 'danger' : 'secondary'}>({sign}{d.distance})</Typography.Text>
                </span>
              );
            },
          })),
          { title: t('calibration.meanDistance'), render: (_, j) => j.mean_distance.toFixed(2) },
        ]}
      />
    </div>
  );
}
