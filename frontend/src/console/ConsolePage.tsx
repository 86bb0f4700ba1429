// /workshops/:id — the live console: where the agenda stands, every group's
// board at a glance, and the roster.
import { LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Select, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, ApiError, formatJoinCode } from '../api/client';
import type { BoardProgress, BoardRef, Workshop } from '../api/types';
import { pick } from '../i18n';
import { activityLabel } from '../facilitation/agenda';
import { useBoard, useLiveClient, useLiveErrors, useLiveStatus } from '../live/hooks';
import type { LiveError } from '../live/transport';
import { allActivities, findActivity } from '../participant/curriculum';
import type { ControlState } from '../protocol/messages.gen';
import { ConnectionBanner } from '../shared/ConnectionBanner';
import { apiErrorText, wsErrorText } from '../shared/errors';
import { PageLoading } from '../shared/PageLoading';
import { FacilitationBar } from './Facilitation';
import { GroupCard } from './GroupCard';
import { GroupTools } from './GroupTools';
import { Roster } from './Roster';
import { useRoster } from './useRoster';
import { AuditLog } from './AuditLog';
import { ConsoleGuide, ConsoleGuideButton, useConsoleGuide } from './ConsoleGuide';
import { CasesTabLabel, WorkshopCasesPanel } from '../cases/WorkshopCasesPanel';
import { FunnelConsolePanel } from '../funnel/FunnelConsolePanel';

export default function ConsolePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation(['console', 'errors']);
  const navigate = useNavigate();
  const [workshop, setWorkshop] = useState<Workshop | null>(null);
  const [boards, setBoards] = useState<BoardRef[]>([]);
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      const [w, b] = await Promise.all([api.workshop(id), api.boards(id)]);
      setWorkshop(w);
      setBoards(b.boards);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) navigate(`/login?next=/workshops/${id}`, { replace: true });
      else setError(apiErrorText(t, e));
    }
  }, [id, navigate, t]);
  useEffect(() => {
    load();
  }, [load]);

  if (error) return <Alert className="pc-page" type="error" showIcon title={error} />;
  if (!workshop) return <PageLoading />;
  return <LiveConsole workshop={workshop} boards={boards} reload={load} />;
}

function LiveConsole({ workshop, boards, reload }: { workshop: Workshop; boards: BoardRef[]; reload: () => Promise<void> }) {
  const { t, i18n } = useTranslation(['console', 'errors', 'playbook', 'passoff', 'facilitation', 'kinds', 'funnel']);
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const lang = i18n.language;
  const client = useLiveClient(workshop.id, 'trainer');
  const status = useLiveStatus(client);
  const guide = useConsoleGuide();
  const control = useBoard(client, workshop.control_board);
  const cs = control.state as unknown as ControlState | null;
  const now = cs?.now;
  const { module, activity } = findActivity(workshop.curriculum, now);
  const activities = useMemo(() => allActivities(workshop.curriculum), [workshop.curriculum]);
  // The pass-off round of the agenda's activity when it is one, else the first.
  const passoffActivity =
    activity?.template === 'passoff' ? activity.id : activities.find((a) => a.activity.template === 'passoff')?.activity.id;
  const index = activities.findIndex((a) => a.activity.id === now);
  const opening = now ? cs?.open?.[now] : undefined;
  const groups = workshop.groups ?? [];
  const { participants, reload: loadParticipants } = useRoster(workshop.id);
  const [tab, setTab] = useState('groups');

  useEffect(() => {
    if (status === 'ended' && client?.endReason === 'unauthorized') navigate(`/login?next=/workshops/${workshop.id}`, { replace: true });
  }, [status, client, navigate, workshop.id]);
  useLiveErrors(
    client,
    useCallback((e: LiveError) => message.error(wsErrorText(t, e.code)), [message, t]),
  );

  // Every group's progress on the current activity, for the cards' flags.
  const [progress, setProgress] = useState<Map<string, BoardProgress>>(new Map());
  useEffect(() => {
    if (!now) return;
    let live = true;
    const load = () =>
      api.progress(workshop.id, now).then(
        (r) => live && setProgress(new Map(r.progress.map((p) => [p.group_id, p]))),
        () => {},
      );
    load();
    const timer = setInterval(load, 5000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [workshop.id, now]);

  const boardOf = useMemo(() => {
    const m = new Map<string, BoardRef>();
    for (const b of boards) if (b.activity === now && b.group_id) m.set(b.group_id, b);
    return m;
  }, [boards, now]);

  const send = useCallback(
    (op: Record<string, unknown> & { kind: string }) => {
      if (client && workshop.control_board) client.submit(workshop.control_board, op);
    },
    [client, workshop.control_board],
  );
  const go = useCallback(
    (delta: number) => {
      const next = activities[index + delta];
      if (next) send({ kind: 'now.set', activity: next.activity.id });
    },
    [activities, index, send],
  );
  const toggleOpen = useCallback(() => {
    if (!now) return;
    if (opening) {
      modal.confirm({
        title: t('agenda.closeConfirmTitle'),
        content: t('agenda.closeConfirm'),
        okText: t('agenda.close'),
        cancelText: t('agenda.cancel'),
        onOk: () => send({ kind: 'activity.close', activity: now }),
      });
    } else {
      send({ kind: 'activity.open', activity: now });
    }
  }, [now, opening, send, modal, t]);

  // Keyboard: N next, P previous, O open/close.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.repeat) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))) return;
      if (document.querySelector('.ant-modal-wrap')) return;
      const k = e.key.toLowerCase();
      if (k === 'n') go(1);
      else if (k === 'p') go(-1);
      else if (k === 'o') toggleOpen();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, toggleOpen]);

  const openTag = !opening ? (
    <Tag>{t('agenda.closed')}</Tag>
  ) : opening.all ? (
    <Tag color="success">{t('agenda.openAll')}</Tag>
  ) : (
    <Tag color="processing">{t('agenda.openSome', { count: opening.groups?.length ?? 0 })}</Tag>
  );

  const addGroup = async () => {
    try {
      await api.addGroup(workshop.id);
      await reload();
    } catch (e) {
      message.error(apiErrorText(t, e));
    }
  };

  return (
    <div className="pc-page pc-console">
      <ConnectionBanner status={status} queued={client?.pendingCount() ?? 0} inline />
      <div className="pc-console-head">
        <div className="pc-console-title">
          <Typography.Title level={2} className="pc-title">
            {workshop.title}
          </Typography.Title>
          <Typography.Text type="secondary">
            {workshop.client_company}
            {workshop.industry ? ` · ${workshop.industry}` : ''} · {workshop.starts_on === workshop.ends_on ? workshop.starts_on : t('list.dateRange', { start: workshop.starts_on, end: workshop.ends_on })}
          </Typography.Text>
        </div>
        <Space size="large" align="center" wrap className="pc-console-actions">
          <div className="pc-join">
            <span className="pc-join-label">{t('console.joinCode')}</span>
            <Typography.Text className="pc-join-code" copyable={{ text: workshop.join_code, tooltips: [t('console.copy'), t('console.copied')] }}>
              {formatJoinCode(workshop.join_code)}
            </Typography.Text>
          </div>
          <Button href={`/workshops/${workshop.id}/projector`} target="_blank" rel="noopener" size="large">
            {t('console.projector')}
          </Button>
          <Button onClick={() => navigate(`/workshops/${workshop.id}/playbook`)} size="large">
            {t('playbook:converge.open')}
          </Button>
          {passoffActivity && (
            <Button size="large" type={activity?.template === 'passoff' ? 'primary' : 'default'} onClick={() => navigate(`/workshops/${workshop.id}/passoff/${passoffActivity}`)}>
              {t('passoff:console.open')}
            </Button>
          )}
          {!guide.shown && <ConsoleGuideButton onClick={guide.show} />}
          <Badge status={status === 'online' ? 'success' : status === 'offline' ? 'warning' : 'default'} text={t(`console.status.${status}`)} />
        </Space>
      </div>

      {guide.shown && <ConsoleGuide joinCode={workshop.join_code} onHide={guide.hide} />}

      <Card className="pc-agenda" size="small">
        <div className="pc-agenda-row">
          <Tooltip title={t('agenda.prevHint')}>
            <Button icon={<LeftOutlined />} onClick={() => go(-1)} disabled={!cs || index <= 0} aria-keyshortcuts="P">
              {t('agenda.prev')}
            </Button>
          </Tooltip>
          <div className="pc-agenda-now" aria-live="polite">
            {activity ? (
              <>
                <div className="pc-agenda-module">
                  {module && t('agenda.module', { number: module.number, title: pick(module.title, lang) })} · {activity.id} {openTag}
                </div>
                <div className="pc-agenda-question">{pick(activity.question, lang)}</div>
              </>
            ) : (
              <div className="pc-agenda-question">{cs ? t('agenda.none') : t('grid.loading')}</div>
            )}
          </div>
          <Tooltip title={t('agenda.nextHint')}>
            <Button icon={<RightOutlined />} iconPlacement="end" onClick={() => go(1)} disabled={!cs || index >= activities.length - 1} aria-keyshortcuts="N">
              {t('agenda.next')}
            </Button>
          </Tooltip>
        </div>
        <div className="pc-agenda-row pc-agenda-tools">
          <Select
            className="pc-agenda-select"
            value={now}
            aria-label={t('agenda.jump')}
            placeholder={t('agenda.jump')}
            onChange={(v) => send({ kind: 'now.set', activity: v })}
            options={(workshop.curriculum?.modules ?? []).map((m) => ({
              label: t('agenda.module', { number: m.number, title: pick(m.title, lang) }),
              options: m.activities.map((a) => ({ value: a.id, label: activityLabel(a, lang, 'question') })),
            }))}
            disabled={!cs}
            showSearch={{ optionFilterProp: 'label' }}
          />
          <Tooltip title={t('agenda.toggleHint')}>
            <Button type={opening ? 'default' : 'primary'} danger={!!opening} onClick={toggleOpen} disabled={!now} aria-keyshortcuts="O">
              {opening ? t('agenda.close') : t('agenda.open')}
            </Button>
          </Tooltip>
        </div>
      </Card>
      {cs && <FacilitationBar workshop={workshop} cs={cs} client={client} activity={activity} groups={groups} send={send} />}

      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'groups',
            label: t('console.tabs.groups', { count: groups.length }),
            children: (
              <>
                {activity?.template === 'funnel' && now && (
                  <FunnelConsolePanel workshopId={workshop.id} activity={now} boards={[...boardOf.values()]} client={client} />
                )}
                <div className="pc-grid">
                  {groups.map((g) => {
                    const ref = boardOf.get(g.id);
                    return (
                      <GroupCard
                        key={g.id}
                        client={client}
                        group={g}
                        boardId={ref?.id}
                        kind={ref?.kind ?? activity?.template ?? ''}
                        tools={(board) => (
                          <GroupTools client={client} group={g} board={board} kind={ref?.kind ?? activity?.template ?? ''} progress={progress.get(g.id)} cs={cs} send={send} />
                        )}
                        onRename={async (name) => {
                          try {
                            await api.renameGroup(workshop.id, g.id, name);
                            await reload();
                          } catch (e) {
                            message.error(apiErrorText(t, e));
                            throw e;
                          }
                        }}
                      />
                    );
                  })}
                </div>
                {groups.length < 20 && (
                  <Button className="pc-gap-top" icon={<PlusOutlined />} onClick={addGroup}>
                    {t('grid.addGroup')}
                  </Button>
                )}
              </>
            ),
          },
          {
            key: 'cases',
            label: <CasesTabLabel />,
            children: <WorkshopCasesPanel workshop={workshop} boards={boards} now={now} shownCase={cs?.case} send={send} />,
          },
          {
            key: 'roster',
            label: t('console.tabs.roster', { count: participants?.length ?? 0 }),
            children: <Roster workshopId={workshop.id} groups={groups} participants={participants} onChanged={loadParticipants} />,
          },
          {
            key: 'audit',
            label: t('console.tabs.audit'),
            children: tab === 'audit' && <AuditLog workshopId={workshop.id} />,
          },
        ]}
      />
    </div>
  );
}
