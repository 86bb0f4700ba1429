// The workshop's audit log, in the console: who opened, locked, revealed,
// exported, published, moved or deleted what, and when (GET …/audit).
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Table, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { AuditEntry } from '../api/types';
import { apiErrorText } from '../shared/errors';

export function AuditLog({ workshopId }: { workshopId: string }) {
  const { t } = useTranslation(['console', 'errors']);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState('');
  const load = useCallback(async () => {
    setError('');
    try {
      setEntries((await api.audit(workshopId)).entries);
    } catch (e) {
      setError(apiErrorText(t, e));
    }
  }, [workshopId, t]);
  useEffect(() => {
    load();
  }, [load]);
  // A known action gets its words; any other (a new one) shows its name.
  const action = (a: string) => t(`audit.actions.${a.replaceAll('.', '_')}`, { defaultValue: a });
  return (
    <div className="pc-audit">
      {error && <Alert type="error" showIcon title={error} />}
      <Button icon={<ReloadOutlined />} onClick={load} className="pc-gap">
        {t('audit.reload')}
      </Button>
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        loading={entries === null && !error}
        dataSource={entries ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('audit.empty') }}
        columns={[
          {
            title: t('audit.col.at'),
            dataIndex: 'at',
            width: 110,
            render: (v: string) => <Tooltip title={dayjs(v).format('YYYY-MM-DD HH:mm:ss')}>{dayjs(v).format('MM-DD HH:mm')}</Tooltip>,
          },
          { title: t('audit.col.who'), dataIndex: 'actor_name', width: 160 },
          { title: t('audit.col.action'), dataIndex: 'action', render: (a: string) => action(a) },
          { title: t('audit.col.target'), dataIndex: 'target' },
        ]}
      />
    </div>
  );
}
