// /curricula — the trainer's curriculum library: the built-in curriculum
// (read-only) and their own copies, which they edit; a new workshop starts
// from either.
import { Alert, App, Button, Card, List, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client';
import type { CurriculumEntry } from '../api/types';
import { pick } from '../i18n';
import { apiErrorText } from '../shared/errors';
import { PageLoading } from '../shared/PageLoading';

export default function CurriculumLibraryPage() {
  const { t, i18n } = useTranslation(['curricula', 'errors']);
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [list, setList] = useState<CurriculumEntry[] | null>(null);
  const [error, setError] = useState('');
  const load = useCallback(() => {
    api.curricula().then(
      (r) => setList(r.curricula),
      (e) => setError(apiErrorText(t, e)),
    );
  }, [t]);
  useEffect(load, [load]);
  const copy = async (from: string) => {
    try {
      const c = await api.copyCurriculum(from);
      message.success(t('copied'));
      navigate(`/curricula/${c.id}`);
    } catch (e) {
      message.error(apiErrorText(t, e));
    }
  };
  if (error) return <Alert className="pc-page" type="error" showIcon title={error} />;
  if (!list) return <PageLoading />;
  const lang = i18n.language;
  return (
    <div className="pc-page pc-narrow">
      <div className="pc-page-head">
        <Typography.Title level={2} className="pc-title">
          {t('title')}
        </Typography.Title>
        <Button type="primary" onClick={() => copy('builtin')}>
          {t('copyBuiltin')}
        </Button>
      </div>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Card>
        <List
          dataSource={list}
          renderItem={(c) => (
            <List.Item
              data-curriculum={c.id}
              actions={[
                <Link key="open" to={`/curricula/${c.id}`}>
                  {c.builtin ? t('view') : t('edit')}
                </Link>,
                <Button key="copy" type="link" onClick={() => copy(c.id)}>
                  {t('copy')}
                </Button>,
                !c.builtin && (
                  <Button
                    key="del"
                    type="link"
                    danger
                    onClick={() =>
                      modal.confirm({
                        title: t('deleteConfirm', { title: pick(c.title, lang) }),
                        content: t('deleteNote'),
                        okText: t('delete'),
                        okButtonProps: { danger: true },
                        cancelText: t('cancel'),
                        onOk: async () => {
                          await api.deleteCurriculum(c.id);
                          load();
                        },
                      })
                    }
                  >
                    {t('delete')}
                  </Button>
                ),
              ].filter(Boolean)}
            >
              <List.Item.Meta
                title={
                  <Space>
                    {pick(c.title, lang)}
                    {c.builtin ? <Tag color="blue">{t('builtin')}</Tag> : <Tag>{t('revision', { n: c.revision })}</Tag>}
                  </Space>
                }
                description={c.builtin ? t('builtinNote') : c.based_on === 'builtin' ? t('fromBuiltin') : t('fromCopy')}
              />
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
