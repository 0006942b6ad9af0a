// A person's contact methods: add one (a six-digit code is sent through it), enter the code to
// verify it, send a test, remove it. Only verified methods are used for pages.
import {
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconSend, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { ContactKind, ContactMethod, ContactMethodBody } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { fieldsOf, generalError } from '../../lib/form-errors.ts';
import { notify } from '../../lib/notify.ts';
import { useContactChannels } from '../../lib/setup-data.ts';
import { addressHelp, contactKindLabel, defaultOrder } from '../../lib/paging-words.ts';

/** The person's contact methods. */
export function useContactMethods() {
  return useQuery({
    queryKey: keys.contactMethods,
    queryFn: async ({ signal }) =>
      (await api<{ items: ContactMethod[] }>('/me/contact-methods', { signal })).items,
  });
}

/** "Microsoft Teams · Work channel". */
export function methodName(m: ContactMethod): string {
  return m.label ? `${contactKindLabel[m.kind]} · ${m.label}` : contactKindLabel[m.kind];
}

function AddMethodForm() {
  const queryClient = useQueryClient();
  // Only channels this server can send through are offered (no SMTP: no email, no Twilio: no SMS…).
  const channels = useContactChannels();
  // Until the server says which, none is offered; if it cannot say, every kind is (it checks anyway).
  const loading = channels.isPending;
  const offered = channels.data
    ? defaultOrder.filter((k) => channels.data.includes(k))
    : loading
      ? []
      : defaultOrder;
  const [chosen, setKind] = useState<ContactKind>('sms');
  const kind = offered.includes(chosen) ? chosen : (offered[0] ?? chosen);
  const [address, setAddress] = useState('');
  const [label, setLabel] = useState('');
  const [missing, setMissing] = useState<string>();
  const add = useMutation({
    mutationFn: (body: ContactMethodBody) =>
      api<ContactMethod>('/me/contact-methods', { method: 'POST', body }),
    onSuccess: async (m) => {
      notify(`Code sent through ${contactKindLabel[m.kind]}. Enter it below to start getting pages there.`);
      setAddress('');
      setLabel('');
      await queryClient.invalidateQueries({ queryKey: keys.contactMethods });
    },
  });
  const server = fieldsOf(add.error);
  const help = addressHelp[kind];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMissing(address.trim() ? undefined : `Enter the ${help.label.toLowerCase()}`);
    if (address.trim()) add.mutate({ kind, address: address.trim(), label: label.trim() });
  };
  const general = generalError(add.error, (f) =>
    ['body.address', 'address', 'body.label', 'body.kind'].includes(f),
  );
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-labelledby="add-method-title">
      <Stack gap="sm">
        <Title order={3} size="h5" id="add-method-title">
          Add a contact method
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <NativeSelect
            label="How"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as ContactKind)}
            data={
              loading
                ? [{ value: '', label: 'Loading channels…' }]
                : offered.map((k) => ({ value: k, label: contactKindLabel[k] }))
            }
            disabled={loading}
            error={server['body.kind']}
          />
          <TextInput
            label={help.label}
            description={help.description}
            placeholder={help.placeholder}
            withAsterisk
            maxLength={500}
            value={address}
            onChange={(e) => setAddress(e.currentTarget.value)}
            error={missing ?? server['body.address'] ?? server.address}
            type={kind === 'email' ? 'email' : kind === 'voice' || kind === 'sms' ? 'tel' : 'text'}
            autoComplete={kind === 'email' ? 'email' : kind === 'voice' || kind === 'sms' ? 'tel' : 'off'}
          />
          <TextInput
            label="Label (optional)"
            description='E.g. "Work phone"'
            maxLength={100}
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
            error={server['body.label']}
          />
        </SimpleGrid>
        {general && (
          <Text c="var(--mantine-color-error)" size="sm" role="alert">
            {general}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={add.isPending} disabled={loading}>
            Add and send a code
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function VerifyForm({ method }: { method: ContactMethod }) {
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState<string>();
  const verify = useMutation({
    mutationFn: (c: string) =>
      api<ContactMethod>(`/me/contact-methods/${method.id}/verify`, { method: 'POST', body: { code: c } }),
    onSuccess: async (m) => {
      notify(`${methodName(m)} is verified. Pages can reach you there now.`);
      await queryClient.invalidateQueries({ queryKey: keys.contactMethods });
    },
  });
  const server = fieldsOf(verify.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const c = code.replace(/\s+/g, '');
    setMissing(/^\d{6}$/.test(c) ? undefined : 'Enter the six digits you received');
    if (/^\d{6}$/.test(c)) verify.mutate(c);
  };
  const general = generalError(verify.error, (f) => f === 'body.code');
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs" align="flex-start">
        <TextInput
          label={`Code you received (${methodName(method)})`}
          description="Six digits, valid for 15 minutes"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={missing ?? server['body.code'] ?? general}
          w="100%"
          maw={360}
        />
        <Button type="submit" loading={verify.isPending} aria-label={`Verify ${methodName(method)}`}>
          Verify
        </Button>
      </Stack>
    </form>
  );
}

function MethodCard({ method, onRemove }: { method: ContactMethod; onRemove: () => void }) {
  const test = useMutation({
    mutationFn: () => api(`/me/contact-methods/${method.id}/test`, { method: 'POST' }),
    onSuccess: () => notify(`Test sent to ${methodName(method)}.`),
  });
  const name = methodName(method);
  return (
    <Card withBorder padding="md" component="li" aria-labelledby={`method-${method.id}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600} id={`method-${method.id}`}>
            {name}
          </Text>
          <Badge
            color={method.verified ? 'teal.9' : 'yellow.4'}
            c={method.verified ? 'white' : 'black'}
            tt="none"
          >
            {method.verified ? 'Verified' : 'Waiting for the code'}
          </Badge>
        </Group>
        <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
          {method.address}
        </Text>
        {!method.verified && <VerifyForm method={method} />}
        {test.error && (
          <Text c="var(--mantine-color-error)" size="sm" role="alert">
            The test was not sent: {test.error.message}
          </Text>
        )}
        <Group gap="xs">
          {method.verified && (
            <Button
              size="sm"
              variant="default"
              leftSection={<IconSend size={16} aria-hidden />}
              loading={test.isPending}
              onClick={() => test.mutate()}
              aria-label={`Send me a test: ${name}`}
            >
              Send me a test
            </Button>
          )}
          <Button
            size="sm"
            variant="light"
            color="red"
            leftSection={<IconTrash size={16} aria-hidden />}
            onClick={onRemove}
            aria-label={`Remove ${name}`}
          >
            Remove
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** The contact methods section. */
export function ContactMethods() {
  const queryClient = useQueryClient();
  const methods = useContactMethods();
  const [removing, setRemoving] = useState<ContactMethod | null>(null);
  const remove = useMutation({
    mutationFn: (m: ContactMethod) => api(`/me/contact-methods/${m.id}`, { method: 'DELETE' }),
    onSuccess: async (_, m) => {
      notify(`${methodName(m)} removed.`);
      setRemoving(null);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.contactMethods }),
        queryClient.invalidateQueries({ queryKey: keys.notificationRules }),
      ]);
    },
  });
  const items = methods.data ?? [];
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        Contact methods
      </Title>
      <Text size="sm" c="dimmed">
        Where Expedite reaches you when you are paged. Each one is checked with a code before it is used.
      </Text>
      {methods.isPending ? (
        <LoadingState label="Loading your contact methods" />
      ) : methods.error ? (
        <ErrorState error={methods.error} onRetry={() => void methods.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>You have no contact methods yet, so pages cannot reach you.</EmptyState>
      ) : (
        <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {items.map((m) => (
            <MethodCard key={m.id} method={m} onRemove={() => setRemoving(m)} />
          ))}
        </Stack>
      )}
      <AddMethodForm />
      {removing && (
        <ConfirmDialog
          opened
          title={`Remove ${methodName(removing)}?`}
          confirmLabel="Remove"
          danger
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(removing)}
          onClose={() => {
            setRemoving(null);
            remove.reset();
          }}
        >
          <Text size="sm">
            Pages stop going to {removing.address}, and any notification rule using it is removed. You can add
            it again later.
          </Text>
        </ConfirmDialog>
      )}
    </Stack>
  );
}
