// The playbook's appendix on the converge screen: the client's own cases
// flagged for it in the case library — what the next published version will
// carry — each linked to its case, marked as already in the latest version
// or coming with the next one, and the cases the next version will drop.
import { Card, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client';
import type { AppendixCase, CaseText } from './types';

/** The case's text in the reader's language, else the other one. */
function textIn(c: AppendixCase, lang: string): CaseText | undefined {
  return lang === 'en' ? (c.en ?? c['zh-CN']) : (c['zh-CN'] ?? c.en);
}

export function AppendixCard({ workshopId, cases, latest }: { workshopId: string; cases: AppendixCase[]; latest?: number }) {
  const { t, i18n } = useTranslation('playbook');
  const lang = i18n.language;
  // The cases of the latest published version, to tell new ones from kept ones.
  const [published, setPublished] = useState<AppendixCase[] | null>(null);
  useEffect(() => {
    setPublished(null);
    if (!latest) return;
    let live = true;
    api.playbookVersion(workshopId, latest).then(
      (v) => live && setPublished(v.document.appendix ?? []),
      () => live && setPublished(null),
    );
    return () => {
      live = false;
    };
  }, [workshopId, latest]);

  const inLatest = new Set((published ?? []).map((c) => c.id));
  const flagged = new Set(cases.map((c) => c.id));
  const dropped = (published ?? []).filter((c) => !flagged.has(c.id));

  return (
    <Card size="small" className="pg-appendix" title={t('appendix.title', { count: cases.length })}>
      <Typography.Paragraph type="secondary" className="pg-appendix-intro">
        {t('appendix.intro')}
      </Typography.Paragraph>
      {cases.length === 0 && dropped.length === 0 ? (
        <Typography.Text type="secondary">{t('appendix.empty')}</Typography.Text>
      ) : (
        <ul className="pg-items pg-appendix-list">
          {cases.map((c, i) => {
            const text = textIn(c, lang);
            return (
              <li key={c.id} data-case={c.id}>
                <div className="pg-appendix-case">
                  <Space size={6} wrap>
                    <Typography.Text type="secondary">{t('appendix.number', { n: i + 1 })}</Typography.Text>
                    <Link to={`/cases/${c.id}`} aria-label={t('appendix.open', { title: text?.title ?? c.id })}>
                      {text?.title ?? c.id}
                    </Link>
                    {c['zh-CN'] && <Tag>{t('appendix.zh')}</Tag>}
                    {c.en && <Tag>{t('appendix.en')}</Tag>}
                    {!latest || (published && !inLatest.has(c.id)) ? (
                      <Tag color="processing">{t('appendix.next')}</Tag>
                    ) : published ? (
                      <Tag color="success">{t('appendix.inVersion', { version: latest })}</Tag>
                    ) : null}
                  </Space>
                  {text?.industry && <div className="pg-appendix-meta">{text.industry}</div>}
                  {text?.summary && <div className="pg-appendix-summary">{text.summary}</div>}
                </div>
              </li>
            );
          })}
          {dropped.map((c) => {
            const text = textIn(c, lang);
            return (
              <li key={c.id} data-case={c.id} className="is-dropped">
                <Space size={6} wrap>
                  <Link to={`/cases/${c.id}`} aria-label={t('appendix.open', { title: text?.title ?? c.id })}>
                    {text?.title ?? c.id}
                  </Link>
                  <Tag color="warning">{t('appendix.dropped')}</Tag>
                </Space>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
