// The work actions on an incident: take ownership, hand over, change status, resolve, reclassify,
// override urgency. Buttons in a row on wide screens; on phones the first-response and closing
// actions (take ownership, hand over, change status, resolve) stay buttons and the rest go into a menu.
import { Button, Group, Menu, SimpleGrid } from '@mantine/core';
import {
  IconArrowsExchange,
  IconChevronDown,
  IconCircleCheck,
  IconFlag,
  IconHandGrab,
  IconTags,
  IconTransfer,
} from '@tabler/icons-react';
import { useMediaQuery } from '@mantine/hooks';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { api } from '../../api/client.ts';
import type { Incident } from '../../api/types.ts';
import { useCurrentUser } from '../../app/session.tsx';
import { ClassifyDialog } from './classify-dialog.tsx';
import { HandoverDialog } from './handover-dialog.tsx';
import { transitions } from './incident-model.ts';
import { usePagingActions } from './paging/paging-actions.tsx';
import { StatusDialog } from './status-dialog.tsx';
import { UrgencyDialog } from './urgency-dialog.tsx';
import { incidentPath, useIncidentMutation } from './use-incident.ts';

type Dialog = 'handover' | 'status' | 'resolve' | 'classify' | 'urgency';

/** The actions a phone shows as buttons, outside the "More actions" menu. */
const phoneKeys = new Set(['own', 'handover', 'status', 'resolve']);

interface Action {
  key: string;
  label: string;
  icon: ReactNode;
  onClick: () => void;
  primary?: boolean;
  loading?: boolean;
}

/** The action bar and its dialogs, for people who work incidents. */
export function IncidentActions({ incident, incidentRef }: { incident: Incident; incidentRef: string }) {
  const me = useCurrentUser();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  // Dialogs mount on first use (a cheaper first render) and stay, so closing returns focus.
  const [used, setUsed] = useState<ReadonlySet<Dialog>>(new Set());
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  const own = useIncidentMutation(
    incidentRef,
    () => api<Incident>(incidentPath(incidentRef, '/ownership'), { method: 'POST' }),
    { success: (i) => `You own #${i.number} now`, failure: 'Could not take ownership' },
  );
  const paging = usePagingActions(incident, wide);
  // Just declared: focus lands on the main action, so the keyboard carries on from the form.
  const mainRef = useRef<HTMLButtonElement>(null);
  const location = useLocation();
  const focusMain = (location.state as { focusMainAction?: boolean } | null)?.focusMainAction === true;
  useEffect(() => {
    if (focusMain) mainRef.current?.focus();
  }, [focusMain]);
  const allowed = transitions[incident.status];
  const isOwner = incident.owner?.id === me.id;
  const open = (d: Dialog) => () => {
    setUsed((u) => new Set(u).add(d));
    setDialog(d);
  };

  const actions: Action[] = [];
  if (!isOwner)
    actions.push({
      key: 'own',
      label: 'Take ownership',
      icon: <IconHandGrab size={16} aria-hidden />,
      onClick: () => own.mutate(undefined),
      primary: !incident.owner,
      loading: own.isPending,
    });
  if (isOwner || me.role === 'admin')
    actions.push({
      key: 'handover',
      label: incident.owner ? 'Hand over' : 'Assign owner',
      icon: <IconTransfer size={16} aria-hidden />,
      onClick: open('handover'),
    });
  if (allowed.some((s) => s !== 'resolved'))
    actions.push({
      key: 'status',
      label: 'Change status',
      icon: <IconArrowsExchange size={16} aria-hidden />,
      onClick: open('status'),
      primary: incident.status === 'triage' && !!incident.owner,
    });
  if (allowed.includes('resolved'))
    actions.push({
      key: 'resolve',
      label: 'Resolve',
      icon: <IconCircleCheck size={16} aria-hidden />,
      onClick: open('resolve'),
      primary: incident.status === 'fixing' || incident.status === 'monitoring',
    });
  actions.push(
    {
      key: 'classify',
      label: 'Reclassify',
      icon: <IconTags size={16} aria-hidden />,
      onClick: open('classify'),
    },
    { key: 'urgency', label: 'Urgency', icon: <IconFlag size={16} aria-hidden />, onClick: open('urgency') },
  );
  actions.push(...paging.actions);

  const main = actions.find((a) => a.primary)?.key;
  const button = (a: Action, fullWidth = false) => (
    <Button
      key={a.key}
      ref={a.key === main ? mainRef : undefined}
      leftSection={a.icon}
      onClick={a.onClick}
      loading={a.loading}
      fullWidth={fullWidth}
      variant={a.primary ? 'filled' : 'default'}
    >
      {a.label}
    </Button>
  );
  // On phones: what the person on the incident does most stays a button; the rest is in "More".
  const phoneButtons = actions.filter((a) => phoneKeys.has(a.key));
  const phoneMenu = actions.filter((a) => !phoneButtons.includes(a));
  const close = () => setDialog(null);
  const props = { incident, incidentRef, onClose: close };

  return (
    <>
      {paging.acknowledgeButton}
      {wide ? (
        <Group gap="xs" role="group" aria-label="Actions">
          {actions.map((a) => button(a))}
        </Group>
      ) : (
        <SimpleGrid cols={2} spacing="xs" role="group" aria-label="Actions">
          {phoneButtons.map((a) => button(a, true))}
          <Menu position="bottom-end" width={220}>
            <Menu.Target>
              <Button variant="default" fullWidth rightSection={<IconChevronDown size={16} aria-hidden />}>
                More actions
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {phoneMenu.map((a) => (
                <Menu.Item key={a.key} leftSection={a.icon} onClick={a.onClick}>
                  {a.label}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        </SimpleGrid>
      )}
      {used.has('handover') && <HandoverDialog {...props} opened={dialog === 'handover'} />}
      {used.has('status') && <StatusDialog {...props} opened={dialog === 'status'} />}
      {used.has('resolve') && <StatusDialog {...props} opened={dialog === 'resolve'} initial="resolved" />}
      {used.has('classify') && <ClassifyDialog {...props} opened={dialog === 'classify'} />}
      {used.has('urgency') && <UrgencyDialog {...props} opened={dialog === 'urgency'} />}
      {paging.dialogs}
    </>
  );
}
