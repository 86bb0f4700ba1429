import { Alert, Button, Card, Empty, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, formatJoinCode } from '../api/client';
import type { Workshop } from '../api/types';
import { apiErrorText } from '../shared/errors';

export default function WorkshopListPage() {
  const { t } = useTranslation(['console', 'errors']);
  const navigate = useNavigate();
  const [rows, setRows] = useState<Workshop[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api.workshops().then(
      (r) => setRows(r.workshops),
      (e) => setError(apiErrorText(t, e)),
    );
  }, [t]);

  return (
    <div className="pc-page">
      <div className="pc-page-head">
        <Typography.Title level={2} className="pc-title">
          {t('list.title')}
        </Typography.Title>
        <Button type="primary" size="large" onClick={() => navigate('/workshops/new')}>
          {t('list.new')}
        </Button>
      </div>
      {error && <Alert type="error" showIcon title={error} />}
      <Card>
        <Table<Workshop>
          rowKey="id"
          loading={rows === null && !error}
          dataSource={rows ?? []}
          pagination={false}
          locale={{ emptyText: <Empty description={t('list.empty')} /> }}
          columns={[
            {
              title: t('list.col.title'),
              dataIndex: 'title',
              render: (_, w) => (
                <Link to={`/workshops/${w.id}`} className="pc-strong-link">
                  {w.title}
                </Link>
              ),
            },
            { title: t('list.col.client'), dataIndex: 'client_company' },
            {
              title: t('list.col.dates'),
              key: 'dates',
              render: (_, w) => (w.starts_on === w.ends_on ? w.starts_on : t('list.dateRange', { start: w.starts_on, end: w.ends_on })),
            },
            {
              title: t('list.col.code'),
              dataIndex: 'join_code',
              render: (c: string) => <Typography.Text code className="pc-code">{formatJoinCode(c)}</Typography.Text>,
            },
            {
              title: t('list.col.actions'),
              key: 'actions',
              render: (_, w) => (
                <Space>
                  <Link to={`/workshops/${w.id}`}>{t('list.openConsole')}</Link>
                  <a href={`/workshops/${w.id}/projector`} target="_blank" rel="noopener">
                    {t('list.openProjector')}
                  </a>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
