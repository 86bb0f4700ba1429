// The console's loader for a funnel activity (5.0): one click puts the case's
// sample opportunities — or one of the trainer's analysed funnel reviews —
// onto every group's board; what is loaded shows here and in the group cards.
import { App, Button, Card, Select, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client';
import type { BoardRef, FunnelReview } from '../api/types';
import type { LiveClient } from '../live/transport';
import type { FunnelState } from '../protocol/messages.gen';
import { apiErrorText } from '../shared/errors';
import { sameDataset, sharedAnalysis, useBoardViews } from './boards';

type From = { source: 'sample' } | { source: 'review'; review_id: string };

export function FunnelConsolePanel({
  workshopId,
  activity,
  boards,
  client,
}: {
  workshopId: string;
  activity: string;
  /** The groups' boards of the activity. */
  boards: BoardRef[];
  client: LiveClient | null;
}) {
  const { t } = useTranslation(['funnel', 'errors']);
  const { message, modal } = App.useApp();
  const ids = useMemo(() => boards.map((b) => b.id), [boards]);
  const views = useBoardViews(client, ids);
  const shared = sharedAnalysis(views);
  const loadedCount = views.filter((v) => sameDataset(v.state as unknown as FunnelState | null, shared)).length;
  const [reviews, setReviews] = useState<FunnelReview[] | null>(null);
  const [review, setReview] = useState<string>();
  const [busy, setBusy] = useState<'' | 'sample' | 'review'>('');

  useEffect(() => {
    api.funnelReviews().then(
      (r) => setReviews(r.reviews.filter((x) => x.analyzed_at)),
      () => setReviews([]),
    );
  }, []);

  const load = async (from: From) => {
    setBusy(from.source);
    try {
      const r = await api.loadWorkshopFunnel(workshopId, from, activity);
      message.success(t('console.done', { count: r.boards, name: r.dataset.name }));
    } catch (e) {
      message.error(apiErrorText(t, e));
    } finally {
      setBusy('');
    }
  };
  const ask = (from: From, name: string) => {
    if (!shared?.dataset) return load(from);
    modal.confirm({
      title: t('console.replaceTitle'),
      content: t('console.replace', { old: shared.dataset.name, name }),
      okText: t('console.replaceOk'),
      cancelText: t('console.cancel'),
      onOk: () => load(from),
    });
  };

  const chosen = reviews?.find((r) => r.id === review);
  return (
    <Card size="small" className="pc-funnel-panel" title={t('console.title', { activity })} data-testid="funnel-loader">
      <Typography.Paragraph type="secondary" className="pc-funnel-intro">
        {t('console.intro')}
      </Typography.Paragraph>
      <p className="pc-funnel-status" aria-live="polite" data-loaded={shared?.dataset ? shared.dataset.source : ''}>
        {shared?.dataset ? (
          <>
            <strong>{t('console.loaded', { name: shared.dataset.name, by: shared.dataset.loaded_by.name })}</strong>
            {loadedCount < boards.length && <span> · {t('console.partly', { loaded: loadedCount, total: boards.length })}</span>}
          </>
        ) : (
          t('console.notLoaded')
        )}
      </p>
      <Space wrap>
        <Button type="primary" loading={busy === 'sample'} disabled={!!busy} onClick={() => ask({ source: 'sample' }, t('console.sampleName'))}>
          {t('console.sample')}
        </Button>
        <Select
          className="pc-funnel-review"
          placeholder={t('console.reviewPlaceholder')}
          aria-label={t('console.review')}
          value={review}
          onChange={setReview}
          loading={reviews === null}
          notFoundContent={t('console.noReviews')}
          options={(reviews ?? []).map((r) => ({ value: r.id, label: r.title }))}
          style={{ minWidth: 260 }}
        />
        <Button loading={busy === 'review'} disabled={!!busy || !chosen} onClick={() => chosen && ask({ source: 'review', review_id: chosen.id }, chosen.title)}>
          {t('console.loadReview')}
        </Button>
        <Link to="/funnel">{t('console.newReview')}</Link>
      </Space>
    </Card>
  );
}
