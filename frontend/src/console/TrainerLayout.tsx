import { Button, Layout, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useNavigate } from 'react-router';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import { useAuth } from './auth';

/** The trainer pages' frame: a header with the brand, the language and the account. */
export function TrainerLayout() {
  const { t } = useTranslation(['console', 'curricula']);
  const { t: tf } = useTranslation('funnel');
  const { user, signOut } = useAuth();
  const navigate = useNavigate();
  return (
    <Layout className="pc-layout">
      <Layout.Header className="pc-header">
        <Link to="/workshops" className="pc-brand" aria-label={t('nav.home')}>
          <img src="/favicon.svg" alt="" width={26} height={26} />
          <span>Playbook</span>
        </Link>
        <nav className="pc-nav" aria-label={t('nav.home')}>
          <Link to="/workshops">{t('cases:nav.workshops')}</Link>
          <Link to="/cases">{t('cases:nav.library')}</Link>
          <Link to="/curricula">{t('curricula:nav')}</Link>
          <Link to="/funnel">{tf('nav')}</Link>
        </nav>
        <Space size="middle" className="pc-header-right">
          <LanguageSwitch className="pc-lang-switch" />
          {user && (
            <Typography.Text className="pc-user" title={user.email}>
              {user.name}
            </Typography.Text>
          )}
          <Button
            onClick={async () => {
              await signOut();
              navigate('/login', { replace: true });
            }}
          >
            {t('nav.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content className="pc-content">
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}

/** The frame of the sign-in and setup pages. */
export function AuthFrame({ children }: { children: React.ReactNode }) {
  return (
    <div className="pc-auth">
      <div className="pc-auth-top">
        <span className="pc-brand">
          <img src="/favicon.svg" alt="" width={26} height={26} />
          <span>Playbook</span>
        </span>
        <LanguageSwitch className="pc-lang-switch" />
      </div>
      <main className="pc-auth-main">{children}</main>
    </div>
  );
}
