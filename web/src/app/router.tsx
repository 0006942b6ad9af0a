// Every page and its address. Pages load on demand so the first load stays small.
import { lazy, type ComponentType, type ReactElement } from 'react';
import { createBrowserRouter } from 'react-router';
import { Layout } from './layout.tsx';
import { RequirePermission, type PageNeed } from './require-permission.tsx';
import { RequireAuth } from './session.tsx';
import { RouteError } from './route-error.tsx';

function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  const Component = lazy<ComponentType>(async () => ({ default: (await load())[name] }));
  return <Component />;
}

/** A page only for those holding `need.permission`; the others read why and whom to ask. */
function only(need: PageNeed, element: ReactElement) {
  return <RequirePermission need={need}>{element}</RequirePermission>;
}

// What the pages a role may lack need: each as the API that page reads or changes needs it.
const filing: PageNeed = { permission: 'reports:file', what: 'file reports', ask: 'to file it for you' };
const people: PageNeed = {
  permission: 'users:read',
  what: 'see the people list',
  ask: 'for the person you need',
};
const onCall: PageNeed = {
  permission: 'users:read',
  what: 'see the on-call schedules',
  ask: 'who is on call',
};
const integrations: PageNeed = {
  permission: 'integrations:manage',
  what: 'manage integrations',
  ask: 'to change how alerts arrive',
};

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
        path: 'knowledge',
        element: page(() => import('../pages/knowledge/knowledge-page.tsx'), 'KnowledgePage'),
      },
      {
        path: 'hotfixes',
        element: page(() => import('../pages/hotfixes/hotfixes-page.tsx'), 'HotfixesPage'),
      },
      {
        path: 'incidents/:ref',
        element: page(() => import('../pages/incident/incident-room-page.tsx'), 'IncidentRoomPage'),
      },
      {
        path: 'reports/new',
        element: only(
          filing,
          page(() => import('../pages/reports/report-page.tsx'), 'ReportPage'),
        ),
      },
      { path: 'tokens', element: page(() => import('../pages/admin/tokens-page.tsx'), 'TokensPage') },
      {
        path: 'admin/services',
        element: page(() => import('../pages/admin/services-page.tsx'), 'ServicesPage'),
      },
      {
        path: 'admin/users',
        element: only(
          people,
          page(() => import('../pages/admin/users-page.tsx'), 'UsersPage'),
        ),
      },
      { path: 'admin/policy', element: page(() => import('../pages/admin/policy-page.tsx'), 'PolicyPage') },
      {
        path: 'admin/integrations',
        element: only(
          integrations,
          page(() => import('../pages/admin/integrations-page.tsx'), 'IntegrationsPage'),
        ),
      },
      {
        path: 'admin/integrations/:id',
        element: only(
          integrations,
          page(() => import('../pages/admin/integration-page.tsx'), 'IntegrationPage'),
        ),
      },
      {
        path: 'admin/silences',
        element: page(() => import('../pages/admin/silences-page.tsx'), 'SilencesPage'),
      },
      {
        path: 'admin/updates',
        element: page(() => import('../pages/admin/update-settings-page.tsx'), 'UpdateSettingsPage'),
      },
      {
        path: 'admin/status-pages',
        element: page(() => import('../pages/admin/status-pages-page.tsx'), 'StatusPagesPage'),
      },
      {
        path: 'admin/outbound',
        element: only(
          integrations,
          page(() => import('../pages/admin/outbound-page.tsx'), 'OutboundPage'),
        ),
      },
      {
        path: 'admin/trackers',
        element: only(
          integrations,
          page(() => import('../pages/admin/trackers-page.tsx'), 'TrackersPage'),
        ),
      },
      {
        path: 'admin/prometheus',
        element: only(
          integrations,
          page(() => import('../pages/admin/prometheus-page.tsx'), 'PrometheusPage'),
        ),
      },
      {
        path: 'on-call',
        element: only(
          onCall,
          page(() => import('../pages/paging/on-call-page.tsx'), 'OnCallPage'),
        ),
      },
      { path: 'admin/chat', element: page(() => import('../pages/admin/chat-page.tsx'), 'ChatPage') },
      {
        path: 'on-call/new',
        element: page(() => import('../pages/paging/schedule-edit-page.tsx'), 'ScheduleEditPage'),
      },
      {
        path: 'on-call/:id',
        element: only(
          onCall,
          page(() => import('../pages/paging/schedule-page.tsx'), 'SchedulePage'),
        ),
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
      {
        path: 'incidents/:ref/report',
        element: page(() => import('../pages/resolution/resolution-report-page.tsx'), 'ResolutionReportPage'),
      },
      {
        path: 'insights',
        element: page(() => import('../pages/insights/insights-page.tsx'), 'InsightsPage'),
      },
      {
        path: 'tech-debt',
        element: page(() => import('../pages/tech-debt/tech-debt-page.tsx'), 'TechDebtPage'),
      },
      {
        path: 'deployments',
        element: page(() => import('../pages/deployments/deployments-page.tsx'), 'DeploymentsPage'),
      },
      {
        path: 'postmortems',
        element: page(() => import('../pages/postmortems/postmortems-page.tsx'), 'PostmortemsPage'),
      },
      {
        path: 'actions',
        element: page(() => import('../pages/postmortems/actions-page.tsx'), 'ActionsPage'),
      },
      { path: '*', element: page(() => import('./not-found.tsx'), 'NotFound') },
    ],
  },
]);
