// /workshops/:id/passoff/:activity — the trainer runs a pass-off round: the
// panel, the scenario, the queue, the timer, the reveal and retries; the
// rubric editor, the calibration view and the statistics with exports.
import { Alert, App, Badge, Button, Card, Col, Empty, Input, InputNumber, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, ApiError } from '../api/client';
import type { Participant, PassoffInfo, Workshop } from '../api/types';
import { pick } from '../i18n';
import { useBoard, useLiveClient, useLiveErrors, useLiveStatus } from '../live/hooks';
import type { LiveClient, LiveError } from '../live/transport';
import type { AttemptRecord, ControlState, RoundState } from '../protocol/messages.gen';
import { ConnectionBanner } from '../shared/ConnectionBanner';
import { apiErrorText, wsErrorText } from '../shared/errors';
import { PageLoading } from '../shared/PageLoading';
import { CalibrationView } from './CalibrationView';
import { JudgeSheet } from './JudgeSheet';
import { attemptsInOrder, clock, currentAttempt, secondsLeft } from './model';
import { ResultsView } from './ResultsView';
import { RubricEditor } from './RubricEditor';
import { useNow } from './useNow';
import { useRoster } from '../console/useRoster';
import { usePassoffInfo } from './usePassoffInfo';

export default function PassoffConsole() {
  const { id = '', activity = '' } = useParams();
  const { workshop, info, error } = usePassoffInfo(id, activity, `/workshops/${id}/passoff/${activity}`);
  if (error) return <Alert className="pc-page" type="error" showIcon title={error} />;
  if (!workshop || !info) return <PageLoading />;
  return <LiveRound workshop={workshop} info={info} />;
}

const NOBODY: Participant[] = [];

function LiveRound({ workshop, info }: { workshop: Workshop; info: PassoffInfo }) {
  const { t } = useTranslation(['passoff', 'errors']);
  const { message } = App.useApp();
  const client = useLiveClient(workshop.id, 'trainer');
  const status = useLiveStatus(client);
  const round = useBoard(client, info.round_board);
  const control = useBoard(client, workshop.control_board);
  const rs = round.state as unknown as RoundState | null;
  const cs = control.state as unknown as ControlState | null;
  const participants = useRoster(workshop.id).participants ?? NOBODY;
  const [tab, setTab] = useState('round');
  useLiveErrors(
    client,
    useCallback((e: LiveError) => message.error(e.message ? `${wsErrorText(t, e.code)} (${e.message})` : wsErrorText(t, e.code)), [message, t]),
  );

  if (!client || !rs) return <PageLoading />;
  const send = (op: Record<string, unknown> & { kind: string }) => client.submit(info.round_board, op);
  const agendaHere = cs?.now === info.activity;
  return (
    <div className="pc-page">
      <ConnectionBanner status={status} queued={client.pendingCount()} inline />
      <div className="pc-page-head">
        <div>
          <Typography.Title level={2} className="pc-title">
            {t('console.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{workshop.title}</Typography.Text>
        </div>
        <Space>
          {!agendaHere && (
            <Button onClick={() => workshop.control_board && client.submit(workshop.control_board, { kind: 'now.set', activity: info.activity })}>
              {t('console.openForRoom')}
            </Button>
          )}
          <Button href={`/workshops/${workshop.id}/passoff/${info.activity}/projector`} target="_blank" rel="noopener" size="large">
            {t('console.projector')}
          </Button>
          <Button href={`/workshops/${workshop.id}`}>{t('console.back')}</Button>
        </Space>
      </div>
      {!agendaHere && <Alert type="info" showIcon title={t('console.agendaElsewhere')} style={{ marginBottom: 16 }} />}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'round', label: t('tabs.round'), children: <RoundTab client={client} workshop={workshop} info={info} rs={rs} participants={participants} send={send} /> },
          { key: 'rubric', label: t('tabs.rubric'), children: <RubricEditor workshopId={workshop.id} activity={info.activity} current={rs.rubric} locked={roundLocked(rs)} /> },
          { key: 'calibration', label: t('tabs.calibration'), children: <CalibrationView workshopId={workshop.id} activity={info.activity} rs={rs} seq={round.seq} /> },
          { key: 'results', label: t('tabs.results'), children: <ResultsView workshopId={workshop.id} activity={info.activity} seq={round.seq} /> },
        ]}
      />
    </div>
  );
}

/** The rubric is fixed once live scores exist or a performance is being judged. */
function roundLocked(rs: RoundState): boolean {
  return !!rs.current || Object.values(rs.attempts ?? {}).some((a) => !a.calibration && a.status !== 'cancelled');
}

function RoundTab({
  client,
  workshop,
  info,
  rs,
  participants,
  send,
}: {
  client: LiveClient;
  workshop: Workshop;
  info: PassoffInfo;
  rs: RoundState;
  participants: Participant[];
  send: (op: Record<string, unknown> & { kind: string }) => void;
}) {
  const { t, i18n } = useTranslation(['passoff', 'errors']);
  const { message, modal } = App.useApp();
  const lang = i18n.language;
  const cur = currentAttempt(rs);
  const now = useNow(client.clockOffset, !!rs.current?.deadline);
  const left = secondsLeft(rs.current?.deadline, now);
  const [minutes, setMinutes] = useState(5);
  const [judges, setJudges] = useState<string[]>(() => rs.judges.map((j) => j.id));
  const [title, setTitle] = useState(rs.scenario.title);
  const [brief, setBrief] = useState(rs.scenario.brief ?? '');
  const [adding, setAdding] = useState<string[]>([]);
  const [cases, setCases] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    api.rolePlayCases().then(
      (r) => setCases(r.cases.map((c) => ({ value: c.id, label: (lang === 'en' ? c.en?.title || c['zh-CN']?.title : c['zh-CN']?.title || c.en?.title) ?? c.id }))),
      () => {},
    );
  }, [lang]);
  useEffect(() => {
    setTitle(rs.scenario.title);
    setBrief(rs.scenario.brief ?? '');
  }, [rs.scenario]);
  const fromCase = async (caseId: string) => {
    try {
      await api.setScenario(workshop.id, info.activity, { case_id: caseId });
    } catch (e) {
      message.error(apiErrorText(t, e));
    }
  };
  useEffect(() => setJudges(rs.judges.map((j) => j.id)), [rs.judges]);
  const groupName = useMemo(() => new Map((workshop.groups ?? []).map((g) => [g.id, g.name])), [workshop.groups]);
  const people = [{ value: info.trainer.id, label: t('round.trainerJudge', { name: info.trainer.name }) }].concat(
    participants.map((p) => ({ value: p.id, label: `${p.name} · ${groupName.get(p.group_id) ?? ''}` })),
  );
  const submitted = Object.keys(rs.current?.submitted ?? {}).length;
  const panel = cur?.panel.length ?? 0;
  const iJudge = rs.judges.some((j) => j.id === info.trainer.id);

  const saveJudges = async () => {
    try {
      await api.setJudges(workshop.id, info.activity, judges);
      message.success(t('round.judgesSaved'));
    } catch (e) {
      message.error(e instanceof ApiError ? `${apiErrorText(t, e)} ${e.message}` : apiErrorText(t, e));
    }
  };
  const start = (calibration: boolean) => send(calibration ? { kind: 'calibration.start', seconds: minutes * 60 } : { kind: 'attempt.start', seconds: minutes * 60 });
  const reveal = useCallback(() => {
    if (!rs.current) return;
    const go = () => send({ kind: 'reveal' });
    if (submitted < panel) {
      modal.confirm({
        title: t('round.revealEarlyTitle'),
        content: t('round.revealEarly', { submitted, panel }),
        okText: t('round.reveal'),
        cancelText: t('round.cancel'),
        onOk: go,
      });
    } else go();
  }, [rs, send, submitted, panel, modal, t]);

  // Keyboard: R reveals, S starts the next performance.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.repeat) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))) return;
      if (document.querySelector('.ant-modal-wrap')) return;
      const k = e.key.toLowerCase();
      if (k === 'r' && rs.current) reveal();
      else if (k === 's' && !rs.current && rs.queue.length > 0) start(false);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const queued = new Set(rs.queue.map((q) => q.performer));
  const attempts = attemptsInOrder(rs).reverse();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={15}>
        <Card title={t('round.now')} className="po-console-now">
          {cur ? (
            <div data-testid="console-current">
              <Space align="baseline" wrap>
                <Typography.Title level={3} style={{ margin: 0 }}>
                  {cur.calibration ? t('round.demoNamed', { name: cur.name }) : cur.name}
                </Typography.Title>
                {!cur.calibration && <Tag>{t('round.try', { n: cur.try })}</Tag>}
                {left !== null && (
                  <Typography.Text strong style={{ fontSize: 24, color: left === 0 ? '#c62828' : undefined }} role="timer">
                    {clock(left)}
                  </Typography.Text>
                )}
              </Space>
              <p>
                <Badge status={submitted === panel ? 'success' : 'processing'} text={t('round.submitted', { submitted, panel })} data-testid="submitted-count" />
              </p>
              <Space wrap>
                <Button type="primary" size="large" onClick={reveal} aria-keyshortcuts="R">
                  {t('round.reveal')}
                </Button>
                <Button onClick={() => send({ kind: 'timer.set', seconds: Math.max(60, (left ?? 0) + 60) })}>{t('round.plusMinute')}</Button>
                <Button
                  danger
                  onClick={() =>
                    modal.confirm({
                      title: t('round.cancelTitle'),
                      content: t('round.cancelText'),
                      okText: t('round.cancelAttempt'),
                      cancelText: t('round.cancel'),
                      onOk: () => send({ kind: 'attempt.cancel' }),
                    })
                  }
                >
                  {t('round.cancelAttempt')}
                </Button>
              </Space>
            </div>
          ) : (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text type="secondary">{rs.queue.length ? t('round.nextIs', { name: rs.queue[0].name }) : t('round.queueEmpty')}</Typography.Text>
              <Space wrap>
                <Space.Compact>
                  <InputNumber min={0} max={60} value={minutes} onChange={(v) => setMinutes(v ?? 0)} aria-label={t('round.minutes')} />
                  <Button disabled>{t('round.minutesUnit')}</Button>
                </Space.Compact>
                <Button type="primary" size="large" disabled={!rs.queue.length || !rs.judges.length} onClick={() => start(false)} aria-keyshortcuts="S">
                  {t('round.startNext')}
                </Button>
                <Button disabled={!rs.judges.length} onClick={() => start(true)}>
                  {t('round.startCalibration')}
                </Button>
              </Space>
              {!rs.judges.length && <Alert type="warning" showIcon title={t('round.needJudges')} />}
            </Space>
          )}
        </Card>
        {iJudge && (
          <div style={{ marginTop: 16, maxWidth: 560 }}>
            <JudgeSheet client={client} sheetId={info.sheet_board} rubric={rs.rubric} />
          </div>
        )}
        <Card title={t('round.attempts')} style={{ marginTop: 16 }} data-testid="attempts">
          <Table<AttemptRecord>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={attempts}
            locale={{ emptyText: <Empty description={t('round.noAttempts')} /> }}
            columns={[
              { title: t('round.col.no'), dataIndex: 'number', width: 60 },
              { title: t('round.col.performer'), render: (_, a) => (a.calibration ? t('round.demoNamed', { name: a.name }) : a.name) },
              { title: t('round.col.try'), dataIndex: 'try', width: 80, render: (n: number, a) => (a.calibration ? '—' : n) },
              { title: t('round.col.status'), render: (_, a) => <Tag>{t(`status.${a.status}`)}</Tag> },
              {
                title: t('round.col.score'),
                render: (_, a) => (a.result ? t('percent', { value: a.result.percent.toFixed(1) }) : '—'),
              },
              {
                title: t('round.col.result'),
                render: (_, a) =>
                  a.calibration || !a.result ? null : a.result.passed ? (
                    <Space>
                      <Tag color="success">{t('pass')}</Tag>
                      <a href={api.certificatesURL(workshop.id, info.activity, a.id)} target="_blank" rel="noopener">
                        {t('round.certificate')}
                      </a>
                    </Space>
                  ) : (
                    <Tag color="error">{t('fail')}</Tag>
                  ),
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        <Card title={t('round.panel')}>
          <Select
            mode="multiple"
            style={{ width: '100%' }}
            value={judges}
            onChange={setJudges}
            options={people}
            optionFilterProp="label"
            aria-label={t('round.panel')}
            data-testid="judges-select"
            disabled={!!rs.current}
          />
          <Button style={{ marginTop: 8 }} onClick={saveJudges} disabled={!!rs.current}>
            {t('round.saveJudges')}
          </Button>
          <p style={{ marginTop: 8 }}>
            {rs.judges.map((j) => (
              <Tag key={j.id}>{j.name}</Tag>
            ))}
          </p>
        </Card>
        <Card title={t('round.scenario')} style={{ marginTop: 16 }}>
          <Select
            style={{ width: '100%', marginBottom: 8 }}
            value={rs.scenario.case_id || undefined}
            placeholder={t('round.fromCase')}
            aria-label={t('round.fromCase')}
            options={cases}
            onChange={fromCase}
            showSearch
            optionFilterProp="label"
          />
          <Input value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t('round.scenarioTitle')} aria-label={t('round.scenarioTitle')} maxLength={80} />
          <Input.TextArea
            value={brief}
            onChange={(e) => setBrief(e.target.value)}
            placeholder={t('round.scenarioBrief')}
            aria-label={t('round.scenarioBrief')}
            autoSize={{ minRows: 2, maxRows: 6 }}
            style={{ marginTop: 8 }}
          />
          <Button style={{ marginTop: 8 }} onClick={() => send({ kind: 'scenario.set', title, brief })}>
            {t('round.saveScenario')}
          </Button>
        </Card>
        <Card title={t('round.queue', { count: rs.queue.length })} style={{ marginTop: 16 }}>
          <Space.Compact style={{ width: '100%' }}>
            <Select
              mode="multiple"
              style={{ width: '100%' }}
              value={adding}
              onChange={setAdding}
              optionFilterProp="label"
              placeholder={t('round.addPerformers')}
              aria-label={t('round.addPerformers')}
              data-testid="queue-select"
              options={participants.filter((p) => !queued.has(p.id)).map((p) => ({ value: p.id, label: `${p.name} · ${groupName.get(p.group_id) ?? ''}` }))}
            />
            <Button
              type="primary"
              disabled={!adding.length}
              onClick={() => {
                send({ kind: 'queue.add', performers: adding });
                setAdding([]);
              }}
            >
              {t('round.add')}
            </Button>
          </Space.Compact>
          <ol className="po-queue" data-testid="queue">
            {rs.queue.map((q, i) => (
              <li key={q.performer}>
                <span>
                  {q.name} {q.group && <Typography.Text type="secondary">· {groupName.get(q.group)}</Typography.Text>} {q.retry && <Tag color="warning">{t('round.retry')}</Tag>}
                </span>
                <Space size={4}>
                  <Button size="small" disabled={i === 0} onClick={() => send({ kind: 'queue.move', performer: q.performer, to: i - 1 })} aria-label={t('round.up', { name: q.name })}>
                    ↑
                  </Button>
                  <Button size="small" onClick={() => send({ kind: 'queue.remove', performer: q.performer })} aria-label={t('round.remove', { name: q.name })}>
                    ×
                  </Button>
                </Space>
              </li>
            ))}
          </ol>
        </Card>
        {rs.rubric && (
          <Card title={t('round.rubric')} style={{ marginTop: 16 }} size="small">
            <Typography.Text>{pick(rs.rubric.name, lang)}</Typography.Text>
            <br />
            <Typography.Text type="secondary">{t('round.rubricSummary', { count: rs.rubric.criteria.length, pass: rs.rubric.pass_percent })}</Typography.Text>
          </Card>
        )}
      </Col>
    </Row>
  );
}
