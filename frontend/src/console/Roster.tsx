import { App, Select, Table, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Group, Participant } from '../api/types';
import { apiErrorText } from '../shared/errors';
import { GroupMark } from '../shared/GroupMark';

/** Everyone who joined, with their group; moving someone reloads their phone into the new group. */
export function Roster({
  workshopId,
  groups,
  participants,
  onChanged,
}: {
  workshopId: string;
  groups: Group[];
  participants: Participant[] | null;
  onChanged: () => void;
}) {
  const { t } = useTranslation(['console', 'errors']);
  const { message } = App.useApp();
  const groupOf = new Map(groups.map((g) => [g.id, g]));
  const move = async (p: Participant, gid: string) => {
    try {
      await api.moveParticipant(workshopId, p.id, gid);
      message.success(t('roster.moved', { name: p.name, group: groupOf.get(gid)?.name ?? '' }));
      onChanged();
    } catch (e) {
      message.error(apiErrorText(t, e));
    }
  };
  return (
    <Table<Participant>
      rowKey="id"
      size="middle"
      loading={participants === null}
      dataSource={participants ?? []}
      pagination={false}
      locale={{ emptyText: t('roster.empty') }}
      columns={[
        { title: t('roster.col.name'), dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name) },
        {
          title: t('roster.col.group'),
          dataIndex: 'group_id',
          sorter: (a, b) => (groupOf.get(a.group_id)?.position ?? 0) - (groupOf.get(b.group_id)?.position ?? 0),
          defaultSortOrder: 'ascend',
          render: (gid: string, p) => (
            <Select
              value={gid}
              className="pc-roster-select"
              aria-label={t('roster.moveLabel', { name: p.name })}
              onChange={(v) => move(p, v)}
              options={groups.map((g) => ({ value: g.id, label: <GroupMark position={g.position} name={g.name} size={14} /> }))}
            />
          ),
        },
        {
          title: t('roster.col.joined'),
          dataIndex: 'joined_at',
          render: (v: string) => <Tooltip title={dayjs(v).format('YYYY-MM-DD HH:mm:ss')}>{dayjs(v).format('HH:mm')}</Tooltip>,
        },
        {
          title: t('roster.col.lastSeen'),
          dataIndex: 'last_seen_at',
          render: (v: string) => <Tooltip title={dayjs(v).format('YYYY-MM-DD HH:mm:ss')}>{dayjs(v).format('HH:mm')}</Tooltip>,
        },
      ]}
    />
  );
}
