// Every page and its address. Pages load on demand so the first load stays small.
import { lazy, type ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import { Layout } from './layout.tsx';
import { RequireAuth } from './session.tsx';
import { RouteError } from './route-error.tsx';

function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  const Component = lazy<ComponentType>(async () => ({ default: (await load())[name] }));
  return <Component />;
}

/** The app's routes. */
export const router = createBrowserRouter([
  {
    path: '/signin',
    element: page(() => import('../pages/signin/sign-in-page.tsx'), 'SignInPage'),
    errorElement: <RouteError />,
  },
  {
    path: '/setup',
    element: page(() => import('../pages/setup/setup-page.tsx'), 'SetupPage'),
    errorElement: <RouteError />,
  },
  {
    element: (
      <RequireAuth>
        <Layout />
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: page(() => import('../pages/home/home-page.tsx'), 'HomePage') },
      {
        path: 'incidents',
        element: page(() => import('../pages/incidents/incidents-page.tsx'), 'IncidentsPage'),
      },
      { path: 'backlog', element: page(() => import('../pages/backlog/backlog-page.tsx'), 'BacklogPage') },
      {
        path: 'incidents/:ref',
        element: page(() => import('../pages/incident/incident-room-page.tsx'), 'IncidentRoomPage'),
      },
      { path: 'reports/new', element: page(() => import('../pages/reports/report-page.tsx'), 'ReportPage') },
      { path: 'tokens', element: page(() => import('../pages/admin/tokens-page.tsx'), 'TokensPage') },
      {
        path: 'admin/services',
        element: page(() => import('../pages/admin/services-page.tsx'), 'ServicesPage'),
      },
      { path: 'admin/users', element: page(() => import('../pages/admin/users-page.tsx'), 'UsersPage') },
      { path: 'admin/policy', element: page(() => import('../pages/admin/policy-page.tsx'), 'PolicyPage') },
      {
        path: 'admin/integrations',
        element: page(() => import('../pages/admin/integrations-page.tsx'), 'IntegrationsPage'),
      },
      {
        path: 'admin/integrations/:id',
        element: page(() => import('../pages/admin/integration-page.tsx'), 'IntegrationPage'),
      },
      {
        path: 'admin/silences',
        element: page(() => import('../pages/admin/silences-page.tsx'), 'SilencesPage'),
      },
      {
        path: 'admin/status-pages',
        element: page(() => import('../pages/admin/status-pages-page.tsx'), 'StatusPagesPage'),
      },
      {
        path: 'admin/outbound',
        element: page(() => import('../pages/admin/outbound-page.tsx'), 'OutboundPage'),
      },
      { path: 'on-call', element: page(() => import('../pages/paging/on-call-page.tsx'), 'OnCallPage') },
      {
        path: 'on-call/new',
        element: page(() => import('../pages/paging/schedule-edit-page.tsx'), 'ScheduleEditPage'),
      },
      {
        path: 'on-call/:id',
        element: page(() => import('../pages/paging/schedule-page.tsx'), 'SchedulePage'),
      },
      {
        path: 'on-call/:id/edit',
        element: page(() => import('../pages/paging/schedule-edit-page.tsx'), 'ScheduleEditPage'),
      },
      {
        path: 'admin/escalation',
        element: page(() => import('../pages/paging/escalation-page.tsx'), 'EscalationPage'),
      },
      {
        path: 'admin/clients',
        element: page(() => import('../pages/paging/clients-page.tsx'), 'ClientsPage'),
      },
      { path: 'me', element: page(() => import('../pages/me/me-page.tsx'), 'MePage') },
      { path: '*', element: page(() => import('./not-found.tsx'), 'NotFound') },
    ],
  },
]);
