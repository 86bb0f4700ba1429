import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../api/client';
import type { CurriculumEntry, Lang } from '../api/types';
import { currentLang, pick } from '../i18n';
import { apiErrorText } from '../shared/errors';

interface FormValues {
  title: string;
  client_company: string;
  industry?: string;
  dates: [Dayjs, Dayjs];
  groups: number;
  language: Lang;
  curriculum_id: string;
}

const FIELD_OF: Record<string, keyof FormValues> = {
  title: 'title',
  client_company: 'client_company',
  industry: 'industry',
  starts_on: 'dates',
  ends_on: 'dates',
  groups: 'groups',
  group_names: 'groups',
  language: 'language',
  curriculum_id: 'curriculum_id',
};

export default function NewWorkshopPage() {
  const { t, i18n } = useTranslation(['console', 'errors', 'curricula']);
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [curricula, setCurricula] = useState<CurriculumEntry[]>([]);
  useEffect(() => {
    api.curricula().then((r) => setCurricula(r.curricula), () => {});
  }, []);

  const submit = async (v: FormValues) => {
    setBusy(true);
    setError('');
    try {
      const w = await api.createWorkshop({
        title: v.title.trim(),
        client_company: v.client_company.trim(),
        industry: (v.industry ?? '').trim(),
        starts_on: v.dates[0].format('YYYY-MM-DD'),
        ends_on: v.dates[1].format('YYYY-MM-DD'),
        groups: v.groups,
        language: v.language,
        curriculum_id: v.curriculum_id,
      });
      navigate(`/workshops/${w.id}`, { replace: true });
    } catch (e) {
      const field = e instanceof ApiError && e.field ? FIELD_OF[e.field] : undefined;
      if (field) form.setFields([{ name: field, errors: [t(`form.server.${(e as ApiError).field}`, { defaultValue: apiErrorText(t, e) })] }]);
      else setError(apiErrorText(t, e));
      setBusy(false);
    }
  };

  const start = dayjs().add(7, 'day').startOf('day');
  return (
    <div className="pc-page pc-narrow">
      <Typography.Title level={2} className="pc-title">
        {t('form.title')}
      </Typography.Title>
      <Card>
        {error && <Alert className="pc-gap" type="error" showIcon title={error} role="alert" />}
        <Form<FormValues>
          form={form}
          layout="vertical"
          onFinish={submit}
          validateTrigger={['onChange', 'onBlur']}
          initialValues={{ groups: 6, language: currentLang(), dates: [start, start.add(1, 'day')], curriculum_id: 'builtin' }}
          requiredMark="optional"
          size="large"
        >
          <Form.Item
            label={t('form.fields.title')}
            name="title"
            rules={[
              { required: true, whitespace: true, message: t('form.rules.titleRequired') },
              { max: 120, message: t('form.rules.max', { max: 120 }) },
            ]}
          >
            <Input placeholder={t('form.placeholders.title')} autoFocus />
          </Form.Item>
          <Form.Item
            label={t('form.fields.client')}
            name="client_company"
            rules={[
              { required: true, whitespace: true, message: t('form.rules.clientRequired') },
              { max: 120, message: t('form.rules.max', { max: 120 }) },
            ]}
          >
            <Input placeholder={t('form.placeholders.client')} />
          </Form.Item>
          <Form.Item label={t('form.fields.industry')} name="industry" rules={[{ max: 80, message: t('form.rules.max', { max: 80 }) }]}>
            <Input placeholder={t('form.placeholders.industry')} />
          </Form.Item>
          <Form.Item
            label={t('form.fields.dates')}
            name="dates"
            rules={[
              { required: true, message: t('form.rules.datesRequired') },
              {
                validator: (_, v?: [Dayjs, Dayjs]) => {
                  if (!v || !v[0] || !v[1]) return Promise.resolve();
                  if (v[1].isBefore(v[0], 'day')) return Promise.reject(new Error(t('form.rules.endBeforeStart')));
                  if (v[1].diff(v[0], 'day') > 14) return Promise.reject(new Error(t('form.rules.tooLong')));
                  return Promise.resolve();
                },
              },
            ]}
          >
            <DatePicker.RangePicker className="pc-full" allowClear={false} />
          </Form.Item>
          <div className="pc-form-row">
            <Form.Item
              label={t('form.fields.groups')}
              name="groups"
              rules={[
                { required: true, message: t('form.rules.groupsRange') },
                { type: 'integer', min: 1, max: 20, message: t('form.rules.groupsRange') },
              ]}
            >
              <InputNumber min={1} max={20} precision={0} className="pc-groups-input" />
            </Form.Item>
            <Form.Item label={t('form.fields.language')} name="language" rules={[{ required: true }]}>
              <Select
                className="pc-lang-select"
                options={[
                  { value: 'zh-CN', label: t('form.languages.zh') },
                  { value: 'en', label: t('form.languages.en') },
                ]}
              />
            </Form.Item>
          </div>
          <Form.Item label={t('curricula:pick')} name="curriculum_id" extra={t('curricula:pickHint')}>
            <Select options={curricula.map((c) => ({ value: c.id, label: c.builtin ? t('curricula:builtinOption', { title: pick(c.title, i18n.language) }) : pick(c.title, i18n.language) }))} />
          </Form.Item>
          <Form.Item className="pc-form-actions">
            <Space>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('form.submit')}
              </Button>
              <Button onClick={() => navigate('/workshops')}>{t('form.cancel')}</Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
    </div>
  );
}
