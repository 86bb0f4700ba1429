import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError } from '../api/client';
import { apiErrorText } from '../shared/errors';
import { PageLoading } from '../shared/PageLoading';
import { useAuth } from './auth';
import { AuthFrame } from './TrainerLayout';

interface SetupForm {
  name: string;
  email: string;
  password: string;
  confirm: string;
}

/** First run: create the first trainer account with the one-time token from the server's console. */
export default function SetupPage() {
  const { t } = useTranslation(['auth', 'errors']);
  const { setUser } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [needed, setNeeded] = useState<boolean | undefined>(undefined);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<SetupForm>();
  useEffect(() => {
    api.setupStatus().then((r) => setNeeded(r.needed), () => setNeeded(true));
  }, []);
  if (needed === undefined) return <PageLoading />;
  if (!needed) return <Navigate to="/login" replace />;

  const submit = async (v: SetupForm) => {
    setBusy(true);
    setError('');
    try {
      const r = await api.setup({ token, name: v.name.trim(), email: v.email.trim(), password: v.password });
      setUser(r.user);
      navigate('/workshops', { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.field && ['name', 'email', 'password'].includes(e.field)) {
        form.setFields([{ name: e.field as keyof SetupForm, errors: [t(`validation.server.${e.field}`)] }]);
      } else if (e instanceof ApiError && e.status === 403) {
        setError(t('setup.badToken'));
      } else if (e instanceof ApiError && e.status === 409) {
        navigate('/login', { replace: true });
      } else {
        setError(apiErrorText(t, e));
      }
      setBusy(false);
    }
  };
  return (
    <AuthFrame>
      <Card className="pc-auth-card">
        <Typography.Title level={2}>{t('setup.title')}</Typography.Title>
        <Typography.Paragraph className="pc-muted">{t('setup.intro')}</Typography.Paragraph>
        {!token && <Alert className="pc-gap" type="warning" showIcon title={t('setup.noToken')} />}
        {error && <Alert className="pc-gap" type="error" showIcon title={error} role="alert" />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large" validateTrigger={['onChange', 'onBlur']}>
          <Form.Item label={t('fields.name')} name="name" rules={[{ required: true, whitespace: true, message: t('validation.nameRequired') }, { max: 80, message: t('validation.nameTooLong') }]}>
            <Input autoComplete="name" autoFocus />
          </Form.Item>
          <Form.Item
            label={t('fields.email')}
            name="email"
            rules={[
              { required: true, message: t('validation.emailRequired') },
              { type: 'email', message: t('validation.emailInvalid') },
            ]}
          >
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item
            label={t('fields.password')}
            name="password"
            extra={t('setup.passwordHint')}
            rules={[
              { required: true, message: t('validation.passwordRequired') },
              { min: 10, message: t('validation.passwordShort') },
              { max: 128, message: t('validation.passwordLong') },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label={t('fields.confirm')}
            name="confirm"
            dependencies={['password']}
            rules={[
              { required: true, message: t('validation.confirmRequired') },
              ({ getFieldValue }) => ({
                validator: (_, value) => (!value || getFieldValue('password') === value ? Promise.resolve() : Promise.reject(new Error(t('validation.confirmMismatch')))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} disabled={!token}>
            {t('setup.submit')}
          </Button>
        </Form>
      </Card>
    </AuthFrame>
  );
}
