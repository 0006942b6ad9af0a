// Paging in the incident's action bar, for people who work incidents: a big Acknowledge button
// while a page is running, "Escalate now" or "Page", and setting the incident's client.
import { Button } from '@mantine/core';
import { IconBell, IconBuildingStore, IconCheck, IconChevronsUp, IconUserPlus } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { api } from '../../../api/client.ts';
import type { Incident } from '../../../api/types.ts';
import { DialogForm } from '../dialog-form.tsx';
import { incidentPath, useIncidentMutation } from '../use-incident.ts';
import { AddRespondersDialog } from './add-responders-dialog.tsx';
import { ClientDialog, EscalateDialog, PageDialog } from './paging-dialogs.tsx';
import { useEscalations, useSla } from './paging-queries.ts';

type PagingDialog = 'escalate' | 'page' | 'client' | 'responders';

/** An action for the incident's action bar. */
export interface PagingAction {
  key: string;
  label: string;
  icon: ReactNode;
  onClick: () => void;
  primary?: boolean;
  loading?: boolean;
}

/**
 * Paging for the action bar: the actions to add, the Acknowledge button to show above the bar
 * (null when nothing is paging) and the dialogs to mount.
 */
export function usePagingActions(incident: Incident, wide = true) {
  const ref = String(incident.number);
  const escalations = useEscalations(ref);
  const sla = useSla(ref);
  // The last dialog opened stays rendered while it fades out.
  const [dialog, setShown] = useState<PagingDialog | null>(null);
  const [opened, setOpened] = useState(false);
  const setDialog = (d: PagingDialog) => {
    setShown(d);
    setOpened(true);
  };
  const acknowledge = useIncidentMutation(
    ref,
    () => api<{ escalations: number }>(incidentPath(ref, '/acknowledge'), { method: 'POST' }),
    { success: () => 'Acknowledged: the escalation has stopped', failure: 'Could not acknowledge' },
  );
  const active = (escalations.data ?? []).find((e) => e.state === 'active');
  const actions: PagingAction[] = [];
  if (active)
    actions.push({
      key: 'escalate',
      label: 'Escalate now',
      icon: <IconChevronsUp size={16} aria-hidden />,
      onClick: () => setDialog('escalate'),
    });
  else
    actions.push({
      key: 'page',
      label: 'Page',
      icon: <IconBell size={16} aria-hidden />,
      onClick: () => setDialog('page'),
    });
  actions.push({
    key: 'responders',
    label: 'Add responders',
    icon: <IconUserPlus size={16} aria-hidden />,
    onClick: () => setDialog('responders'),
  });
  actions.push({
    key: 'client',
    label: sla.data?.client ? 'Change client' : 'Set client',
    icon: <IconBuildingStore size={16} aria-hidden />,
    onClick: () => setDialog('client'),
  });
  const close = () => setOpened(false);
  const acknowledgeButton = active ? (
    <Button
      size="lg"
      color="red.9"
      fullWidth={!wide}
      style={wide ? { alignSelf: 'flex-start' } : undefined}
      leftSection={<IconCheck size={20} aria-hidden />}
      loading={acknowledge.isPending}
      onClick={() => acknowledge.mutate(undefined)}
      styles={{ root: { minHeight: 56 } }}
    >
      Acknowledge
    </Button>
  ) : null;
  const title =
    dialog === 'escalate'
      ? 'Escalate now'
      : dialog === 'page'
        ? `Page for #${incident.number}`
        : dialog === 'responders'
          ? 'Add responders'
          : 'Client';
  const dialogs = (
    <DialogForm title={title} opened={opened} onClose={close}>
      {dialog === 'escalate' && active && (
        <EscalateDialog incident={incident} escalation={active} onClose={close} />
      )}
      {dialog === 'page' && <PageDialog incident={incident} onClose={close} />}
      {dialog === 'responders' && <AddRespondersDialog incident={incident} onClose={close} />}
      {dialog === 'client' && <ClientDialog incident={incident} onClose={close} />}
    </DialogForm>
  );
  return { actions, acknowledgeButton, dialogs };
}
