import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { Shell } from './components/Shell';

// One chunk per screen: the first screen carries only what it shows.
const Home = lazy(() => import('./pages/HomePage'));
const Hotline = lazy(() => import('./hotline/HotlinePage'));
const Notifications = lazy(() => import('./pages/NotificationsPage'));
const Password = lazy(() => import('./pages/PasswordPage'));

export const router = createBrowserRouter([
  {
    path: '/',
    element: <Shell />,
    children: [
      { index: true, element: <Home /> },
      { path: 'hotline', element: <Hotline /> },
      { path: 'notifications', element: <Notifications /> },
      { path: 'password', element: <Password /> },
      { path: '*', element: <Home /> },
    ],
  },
]);
