// The trainer's funnel reviews: create one, open one, delete one.
import { App, Button, Card, Empty, List, Popconfirm, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client';
import type { FunnelReview } from '../api/types';
import { FunnelTitleInput } from './FunnelReviewPage';
import './funnel.css';

export default function FunnelListPage() {
  const { t } = useTranslation('funnel');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [reviews, setReviews] = useState<FunnelReview[] | null>(null);
  const [title, setTitle] = useState('');
  useEffect(() => {
    api.funnelReviews().then((r) => setReviews(r.reviews), (e) => message.error(String(e)));
  }, [message]);
  return (
    <div className="fr-page">
      <Typography.Title level={2}>{t('list.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('list.intro')}</Typography.Paragraph>
      <Card size="small" className="fr-gap">
        <Space.Compact className="fr-new">
          <FunnelTitleInput value={title} onChange={setTitle} />
          <Button
            type="primary"
            disabled={!title.trim()}
            onClick={async () => {
              try {
                const r = await api.createFunnelReview(title.trim());
                navigate(`/funnel/${r.id}`);
              } catch (e) {
                message.error(String(e));
              }
            }}
          >
            {t('list.new')}
          </Button>
        </Space.Compact>
      </Card>
      <Card size="small" className="fr-gap">
        {reviews && reviews.length === 0 ? (
          <Empty description={t('list.empty')} />
        ) : (
          <List
            loading={!reviews}
            dataSource={reviews ?? []}
            renderItem={(r) => (
              <List.Item
                actions={[
                  <Link key="open" to={`/funnel/${r.id}`}>
                    {t('list.open')}
                  </Link>,
                  <Popconfirm
                    key="delete"
                    title={t('list.deleteConfirm')}
                    onConfirm={async () => {
                      await api.deleteFunnelReview(r.id);
                      setReviews((l) => (l ?? []).filter((x) => x.id !== r.id));
                    }}
                  >
                    <Button type="link" danger>
                      {t('list.delete')}
                    </Button>
                  </Popconfirm>,
                ]}
              >
                <List.Item.Meta
                  title={<Link to={`/funnel/${r.id}`}>{r.title}</Link>}
                  description={r.analyzed_at ? t('list.analyzed', { time: dayjs(r.analyzed_at).format('YYYY-MM-DD HH:mm') }) : t('list.notAnalyzed')}
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </div>
  );
}
