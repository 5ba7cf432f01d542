import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { Shell } from './Shell';

// One chunk per screen: the first screen carries only what it shows.
const Home = lazy(() => import('./HomePage'));
const Hotline = lazy(() => import('../features/intake/HotlinePage'));
const Notifications = lazy(() => import('../features/notifications/NotificationsPage'));
const Password = lazy(() => import('./account/PasswordPage'));
const Worklist = lazy(() => import('../features/worklist/WorklistPage'));
const CaseFile = lazy(() => import('../features/case-file/CaseFilePage'));
const Search = lazy(() => import('../features/search/SearchPage'));
const PlanApprovals = lazy(() => import('../features/plans/PlanApprovalsPage'));
const Transfers = lazy(() => import('../features/transfers/TransfersPage'));

export const router = createBrowserRouter([
  {
    path: '/',
    element: <Shell />,
    children: [
      { index: true, element: <Home /> },
      { path: 'hotline', element: <Hotline /> },
      { path: 'notifications', element: <Notifications /> },
      { path: 'password', element: <Password /> },
      { path: 'worklist', element: <Worklist /> },
      { path: 'cases/:id', element: <CaseFile /> },
      { path: 'search', element: <Search /> },
      { path: 'plan-approvals', element: <PlanApprovals /> },
      { path: 'transfers', element: <Transfers /> },
      { path: '*', element: <Home /> },
    ],
  },
]);
