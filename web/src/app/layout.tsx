// The frame of every signed-in page: header with navigation, the Declare action (also on the
// "d" key), theme toggle and the person's menu; a drawer navigation on phones.
import {
  ActionIcon,
  AppShell,
  Burger,
  Button,
  Group,
  Kbd,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import {
  IconBell,
  IconBolt,
  IconLogout,
  IconMoon,
  IconPlus,
  IconSun,
  IconUserCircle,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Suspense, lazy } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { api } from '../api/client.ts';
import { keys } from '../api/keys.ts';
import { mutedColor } from '../components/incident-row.tsx';
import { LoadingState } from '../components/states.tsx';
import { allows, type Permission } from '../lib/permissions.ts';
import { useCurrentUser } from './session.tsx';

const DeclareModal = lazy(() =>
  import('../features/declare/declare-modal.tsx').then((m) => ({ default: m.DeclareModal })),
);

interface NavItem {
  to: string;
  label: string;
  permission?: Permission;
}

// The pages in the order of the procedure, each shown to whoever holds the permission it needs: a
// page the API would refuse someone is not offered. The on-call page names people, so it needs the
// people list (not stakeholders'); reports are filed by support agents, responders and admins.
const sections: { title: string | null; items: NavItem[] }[] = [
  {
    title: null,
    items: [
      { to: '/', label: 'Home' },
      { to: '/incidents', label: 'Incidents' },
      { to: '/reports/new', label: 'Report a problem', permission: 'reports:file' },
      { to: '/backlog', label: 'Backlog' },
    ],
  },
  {
    title: 'Fix and follow up',
    items: [
      { to: '/deployments', label: 'Deployments' },
      // Hotfixes waiting to be merged back: for those who work incidents.
      { to: '/hotfixes', label: 'Hotfixes', permission: 'incidents:work' },
      { to: '/tech-debt', label: 'Tech debt' },
      { to: '/actions', label: 'Action items' },
    ],
  },
  {
    title: 'Learn',
    items: [
      { to: '/postmortems', label: 'Post-mortems' },
      { to: '/knowledge', label: 'Knowledge' },
      { to: '/insights', label: 'Insights' },
    ],
  },
  {
    title: 'You',
    items: [
      { to: '/on-call', label: 'On call', permission: 'users:read' },
      { to: '/me', label: 'My notifications' },
      { to: '/tokens', label: 'API tokens' },
    ],
  },
  {
    title: 'Admin',
    items: [
      { to: '/admin/users', label: 'People', permission: 'users:manage' },
      { to: '/admin/policy', label: 'Urgency policy', permission: 'policy:write' },
      { to: '/admin/services', label: 'Services', permission: 'paging:manage' },
      { to: '/admin/integrations', label: 'Integrations', permission: 'integrations:manage' },
      { to: '/admin/silences', label: 'Silences & maintenance', permission: 'integrations:manage' },
      { to: '/admin/outbound', label: 'Outbound hosts', permission: 'integrations:manage' },
      { to: '/admin/chat', label: 'Chat', permission: 'integrations:manage' },
      { to: '/admin/trackers', label: 'Trackers', permission: 'integrations:manage' },
      { to: '/admin/escalation', label: 'Escalation & teams', permission: 'paging:manage' },
      { to: '/admin/clients', label: 'Clients & SLAs', permission: 'paging:manage' },
      { to: '/admin/updates', label: 'Updates', permission: 'paging:manage' },
      { to: '/admin/status-pages', label: 'Status pages', permission: 'status-pages:manage' },
      { to: '/admin/prometheus', label: 'Prometheus', permission: 'integrations:manage' },
    ],
  },
];

function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const next = scheme === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={`Switch to ${next} theme`}>
      <ActionIcon
        variant="default"
        size="lg"
        aria-label={`Switch to ${next} theme`}
        onClick={() => setColorScheme(next)}
      >
        {scheme === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

/** The app frame around the current page. */
export function Layout() {
  const me = useCurrentUser();
  const [navOpen, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const [declaring, { open: openDeclare, close: closeDeclare }] = useDisclosure(false);
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canDeclare = allows(me.role, 'incidents:declare');
  useHotkeys([['d', () => canDeclare && openDeclare()]]);

  const signOut = async () => {
    await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
    queryClient.clear();
    queryClient.setQueryData(keys.me, null);
    await navigate('/signin', { replace: true });
  };

  const link = (l: NavItem) => (
    <NavLink
      key={l.to}
      component={Link}
      to={l.to}
      label={l.label}
      variant="filled"
      active={l.to === '/' ? location.pathname === '/' : location.pathname.startsWith(l.to)}
      onClick={closeNav}
    />
  );
  const links = sections.map((section) => {
    const items = section.items.filter((l) => !l.permission || allows(me.role, l.permission));
    if (!items.length) return null;
    return (
      <Stack key={section.title ?? 'main'} gap={0} mt={section.title ? 'sm' : 0}>
        {section.title && (
          <Text size="xs" fw={700} tt="uppercase" c={mutedColor} px="sm" pb={4}>
            {section.title}
          </Text>
        )}
        {items.map(link)}
      </Stack>
    );
  });

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !navOpen } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger
              opened={navOpen}
              onClick={toggleNav}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <UnstyledButton component={Link} to="/" aria-label="Expedite home">
              <Group gap={6} wrap="nowrap">
                <IconBolt color="var(--mantine-color-orange-7)" aria-hidden />
                <Text fw={700}>Expedite</Text>
              </Group>
            </UnstyledButton>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {canDeclare && (
              <Tooltip
                label={
                  <>
                    Declare incident <Kbd size="xs">D</Kbd>
                  </>
                }
              >
                <Button
                  color="red.9"
                  leftSection={<IconPlus size={16} />}
                  onClick={openDeclare}
                  aria-keyshortcuts="d"
                >
                  Declare
                  <Text span visibleFrom="xs" inherit>
                    &nbsp;incident
                  </Text>
                </Button>
              </Tooltip>
            )}
            <ThemeToggle />
            <Menu position="bottom-end">
              <Menu.Target>
                <ActionIcon variant="default" size="lg" aria-label={`Account: ${me.name}`}>
                  <IconUserCircle size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>
                  {me.name} · {me.role}
                </Menu.Label>
                <Menu.Item component={Link} to="/me" leftSection={<IconBell size={14} />}>
                  My notifications
                </Menu.Item>
                <Menu.Item leftSection={<IconLogout size={14} />} onClick={() => void signOut()}>
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <AppShell.Section grow component={ScrollArea}>
          {links}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<LoadingState />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
      {declaring && (
        <Suspense fallback={null}>
          <DeclareModal opened={declaring} onClose={closeDeclare} />
        </Suspense>
      )}
    </AppShell>
  );
}
