// The route table. Each surface is its own lazy chunk: a participant's phone
// loads the join and board pages only; the console (with antd) and the
// projector load when a trainer opens them.
import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { PageLoading } from '../shared/PageLoading';

const JoinPage = lazy(() => import('../participant/JoinPage'));
const ParticipantPage = lazy(() => import('../participant/ParticipantPage'));
const ProjectorPage = lazy(() => import('../projector/ProjectorPage'));
const ToolkitPage = lazy(() => import('../toolkit/ToolkitPage'));
const ActionPlanPage = lazy(() => import('../toolkit/ActionPlanPage'));
const ActivityPage = lazy(() => import('../toolkit/ActivityPage'));
const TakeawayPage = lazy(() => import('../playbook/TakeawayPage'));
const TrainerApp = lazy(() => import('../console/TrainerApp'));
const PassoffProjector = lazy(() => import('../passoff/PassoffProjector'));

export function App() {
  return (
    <BrowserRouter>
      <Suspense fallback={<PageLoading />}>
        <Routes>
          <Route path="/j" element={<JoinPage />} />
          <Route path="/j/:code" element={<JoinPage />} />
          <Route path="/w/:workshopId" element={<ParticipantPage />} />
          <Route path="/w/:workshopId/toolkit" element={<ToolkitPage />} />
          <Route path="/w/:workshopId/plan" element={<ActionPlanPage />} />
          <Route path="/w/:workshopId/takeaway" element={<TakeawayPage />} />
          <Route path="/w/:workshopId/a/:activityId" element={<ActivityPage />} />
          <Route path="/workshops/:id/projector" element={<ProjectorPage />} />
          <Route path="/workshops/:id/passoff/:activity/projector" element={<PassoffProjector />} />
          <Route path="/*" element={<TrainerApp />} />
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
