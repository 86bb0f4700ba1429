import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError } from '../api/client';
import { apiErrorText } from '../shared/errors';
import { useAuth } from './auth';
import { AuthFrame } from './TrainerLayout';

/** Only same-site paths are followed after sign-in. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/workshops';
}

export default function LoginPage() {
  const { t } = useTranslation(['auth', 'errors']);
  const { user, setUser } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [setupNeeded, setSetupNeeded] = useState(false);
  useEffect(() => {
    api.setupStatus().then((r) => setSetupNeeded(r.needed), () => {});
  }, []);
  if (user) return <Navigate to={safeNext(params.get('next'))} replace />;

  const submit = async (v: { email: string; password: string }) => {
    setBusy(true);
    setError('');
    try {
      const r = await api.login(v.email, v.password);
      setUser(r.user);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? t('login.wrong') : apiErrorText(t, e));
      setBusy(false);
    }
  };
  return (
    <AuthFrame>
      <Card className="pc-auth-card">
        <Typography.Title level={2}>{t('login.title')}</Typography.Title>
        {setupNeeded && <Alert className="pc-gap" type="info" showIcon title={t('login.setupPending')} />}
        {error && <Alert className="pc-gap" type="error" showIcon title={error} role="alert" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false} size="large">
          <Form.Item
            label={t('fields.email')}
            name="email"
            rules={[
              { required: true, message: t('validation.emailRequired') },
              { type: 'email', message: t('validation.emailInvalid') },
            ]}
          >
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label={t('fields.password')} name="password" rules={[{ required: true, message: t('validation.passwordRequired') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        {setupNeeded && (
          <Typography.Paragraph className="pc-muted pc-gap-top">
            <Link to="/setup">{t('login.toSetup')}</Link>
          </Typography.Paragraph>
        )}
        <Typography.Paragraph className="pc-muted pc-gap-top pc-center">
          {t('login.participant')} <Link to="/j">{t('login.toJoin')}</Link>
        </Typography.Paragraph>
      </Card>
    </AuthFrame>
  );
}
