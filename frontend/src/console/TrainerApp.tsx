// The trainer's side (antd): sign-in, first-run setup, the workshop list and
// form, and the live console. Loaded only when a trainer opens it.
import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { PageLoading } from '../shared/PageLoading';
import { AuthProvider, RequireTrainer } from './auth';
import { TrainerLayout } from './TrainerLayout';
import './console.css';

const LoginPage = lazy(() => import('./LoginPage'));
const SetupPage = lazy(() => import('./SetupPage'));
const WorkshopListPage = lazy(() => import('./WorkshopListPage'));
const NewWorkshopPage = lazy(() => import('./NewWorkshopPage'));
const ConsolePage = lazy(() => import('./ConsolePage'));
const NotFound = lazy(() => import('./NotFound'));
const ConvergePage = lazy(() => import('../playbook/ConvergePage'));
const PassoffConsole = lazy(() => import('../passoff/PassoffConsole'));
const CaseLibraryPage = lazy(() => import('../cases/CaseLibraryPage'));
const CaseEditorPage = lazy(() => import('../cases/CaseEditorPage'));
const FunnelListPage = lazy(() => import('../funnel/FunnelListPage'));
const FunnelReviewPage = lazy(() => import('../funnel/FunnelReviewPage'));
const CurriculumLibraryPage = lazy(() => import('../curricula/CurriculumLibraryPage'));
const CurriculumEditorPage = lazy(() => import('../curricula/CurriculumEditorPage'));

export const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans SC", "Hiragino Sans GB", system-ui, sans-serif';

export default function TrainerApp() {
  const { i18n } = useTranslation(['console', 'auth', 'errors', 'cases']);
  const en = i18n.language === 'en';
  useEffect(() => {
    dayjs.locale(en ? 'en' : 'zh-cn');
  }, [en]);
  return (
    <ConfigProvider
      locale={en ? enUS : zhCN}
      button={{ autoInsertSpace: false }}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: { colorPrimary: '#1f4e8c', fontFamily: FONT, borderRadius: 8, colorBgLayout: '#f4f5f7', colorTextSecondary: '#4e5969' },
      }}
    >
      <AntApp>
        <AuthProvider>
          <Suspense fallback={<PageLoading />}>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/setup" element={<SetupPage />} />
              <Route element={<RequireTrainer />}>
                <Route element={<TrainerLayout />}>
                  <Route index element={<WorkshopListPage />} />
                  <Route path="/workshops" element={<WorkshopListPage />} />
                  <Route path="/workshops/new" element={<NewWorkshopPage />} />
                  <Route path="/workshops/:id" element={<ConsolePage />} />
                  <Route path="/workshops/:id/playbook" element={<ConvergePage />} />
                  <Route path="/workshops/:id/passoff/:activity" element={<PassoffConsole />} />
                  <Route path="/cases" element={<CaseLibraryPage />} />
                  <Route path="/cases/:id" element={<CaseEditorPage />} />
                  <Route path="/funnel" element={<FunnelListPage />} />
                  <Route path="/funnel/:rid" element={<FunnelReviewPage />} />
                  <Route path="/curricula" element={<CurriculumLibraryPage />} />
                  <Route path="/curricula/:cid" element={<CurriculumEditorPage />} />
                </Route>
              </Route>
              <Route path="/index.html" element={<Navigate to="/" replace />} />
              <Route path="*" element={<NotFound />} />
            </Routes>
          </Suspense>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}
