// Adding or changing a client, in a dialog: name, coverage tier, our chain for them (strategist,
// PM, lead developer by default, paged in order when an incident is linked to the client) and their
// emergency contacts, each with the order to try phone, text, Slack and email.
import {
  ActionIcon,
  Button,
  Card,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { ChainRole, Client, ClientBody } from '../../api/types.ts';
import { FormEnd } from '../../components/form-end.tsx';
import { fieldsOf, generalError } from '../../lib/form-errors.ts';
import { notify } from '../../lib/notify.ts';
import { usePeople, useTiers } from '../../lib/paging-data.ts';
import { chainRoles } from '../../lib/paging-words.ts';
import { readableColors } from '../../lib/readable.ts';
import {
  ChainLevelsField,
  defaultChainLevels,
  defaultWays,
  WayOrderField,
  type Way,
} from './client-chain-fields.tsx';
import { EditorModal } from './editor.tsx';

interface ContactDraft {
  key: string;
  name: string;
  phone: string;
  email: string;
  slack: string;
  order: Way[];
}
let seq = 0;
const contact = (c?: Client['emergencyContacts'][number]): ContactDraft => ({
  key: `contact-${++seq}`,
  name: c?.name ?? '',
  phone: c?.phone ?? '',
  email: c?.email ?? '',
  slack: c?.slack ?? '',
  // Every way is listed: the stored order first, a way it lacks after it.
  order: [...(c?.order ?? []), ...defaultWays.filter((w) => !c?.order.includes(w))],
});

function ClientFormBody({ client, onDone }: { client: Client | null; onDone: () => void }) {
  const queryClient = useQueryClient();
  const tiers = useTiers();
  const people = usePeople();
  const [name, setName] = useState(client?.name ?? '');
  const [tier, setTier] = useState(client?.tier ?? '');
  const [contacts, setContacts] = useState<ContactDraft[]>(
    () => client?.emergencyContacts.map(contact) ?? [],
  );
  const [chain, setChain] = useState<Partial<Record<ChainRole, string>>>(client?.chain ?? {});
  const [levels, setLevels] = useState(client?.chainLevels ?? defaultChainLevels);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: ClientBody) =>
      api<Client>(client ? `/clients/${client.id}` : '/clients', { method: client ? 'PUT' : 'POST', body }),
    onSuccess: async (c) => {
      notify(`Client "${c.name}" saved.`);
      await queryClient.invalidateQueries({ queryKey: keys.clients });
      onDone();
    },
  });
  const server = fieldsOf(save.error);
  const err = (f: string) => problems[f] ?? server[`body.${f}`];
  const change = (i: number, patch: Partial<ContactDraft>) =>
    setContacts((cs) => cs.map((c, j) => (j === i ? { ...c, ...patch } : c)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'Name the client';
    if (!tier) found.tier = 'Choose a tier';
    contacts.forEach((c, i) => {
      if (!c.name.trim()) found[`emergencyContacts.${i}.name`] = 'Name the contact';
      if (c.phone.trim() && !/^\+[1-9]\d{6,14}$/.test(c.phone.trim()))
        found[`emergencyContacts.${i}.phone`] = 'International format: + and the country code, digits only';
      if (c.slack.trim() && !/^[UWC][A-Z0-9]{2,}$/.test(c.slack.trim()))
        found[`emergencyContacts.${i}.slack`] = 'A Slack member id (U…) or shared channel id (C…)';
    });
    setProblems(found);
    if (Object.keys(found).length) return;
    const ourChain: Partial<Record<ChainRole, string>> = {};
    for (const r of chainRoles) if (chain[r]) ourChain[r] = chain[r];
    save.mutate({
      name: name.trim(),
      tier,
      emergencyContacts: contacts.map((c) => ({
        name: c.name.trim(),
        ...(c.phone.trim() ? { phone: c.phone.trim() } : {}),
        ...(c.email.trim() ? { email: c.email.trim() } : {}),
        ...(c.slack.trim() ? { slack: c.slack.trim() } : {}),
        order: c.order,
      })),
      chain: ourChain,
      chainLevels: levels,
    });
  };
  const general = generalError(save.error, (f) =>
    /^body\.(name|tier|emergencyContacts\.\d+\.(name|phone|email|slack)|chain\.[a-z-]+|chainLevels(\.\d+\.timeoutMinutes)?)$/.test(
      f,
    ),
  );

  return (
    <form onSubmit={submit} noValidate style={readableColors}>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="Client name"
            withAsterisk
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={err('name')}
            data-autofocus
          />
          <NativeSelect
            label="Coverage tier"
            withAsterisk
            value={tier}
            onChange={(e) => setTier(e.currentTarget.value)}
            data={[
              { value: '', label: tiers.isPending ? 'Loading tiers…' : 'Choose a tier' },
              ...(tiers.data ?? []).map((t) => ({ value: t.name, label: t.name })),
            ]}
            error={err('tier')}
          />
        </SimpleGrid>
        <Title order={3} size="h5">
          Our chain for this client
        </Title>
        <ChainLevelsField
          levels={levels}
          onLevels={setLevels}
          chain={chain}
          onChain={(r, v) => setChain((c) => ({ ...c, [r]: v }))}
          people={people.active.map((u) => ({ value: u.id, label: u.name }))}
          error={err}
        />
        <Title order={3} size="h5">
          Their emergency contacts
        </Title>
        {contacts.length === 0 && (
          <Text size="sm" c="dimmed">
            No emergency contacts yet.
          </Text>
        )}
        {contacts.map((c, i) => {
          const title = c.name.trim() || `Contact ${i + 1}`;
          return (
            <Card
              key={c.key}
              withBorder
              padding="sm"
              component="fieldset"
              m={0}
              aria-label={`Emergency contact ${i + 1}`}
            >
              <Stack gap="xs">
                <Group justify="space-between" wrap="nowrap">
                  <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                    {title}
                  </Text>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove emergency contact ${title}`}
                    onClick={() => setContacts((cs) => cs.filter((_, j) => j !== i))}
                  >
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Group>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <TextInput
                    label={`Name (contact ${i + 1})`}
                    withAsterisk
                    maxLength={200}
                    value={c.name}
                    onChange={(e) => change(i, { name: e.currentTarget.value })}
                    error={err(`emergencyContacts.${i}.name`)}
                  />
                  <WayOrderField
                    contact={`contact ${i + 1}`}
                    order={c.order}
                    onOrder={(order) => change(i, { order })}
                  />
                  <TextInput
                    type="tel"
                    label={`Phone (contact ${i + 1})`}
                    placeholder="+31612345678"
                    value={c.phone}
                    onChange={(e) => change(i, { phone: e.currentTarget.value })}
                    error={err(`emergencyContacts.${i}.phone`)}
                  />
                  <TextInput
                    type="email"
                    label={`Email (contact ${i + 1})`}
                    value={c.email}
                    onChange={(e) => change(i, { email: e.currentTarget.value })}
                    error={err(`emergencyContacts.${i}.email`)}
                  />
                  <TextInput
                    label={`Slack member id (contact ${i + 1})`}
                    placeholder="U0123ABCD"
                    description="Their member id, or a channel shared with them"
                    value={c.slack}
                    onChange={(e) => change(i, { slack: e.currentTarget.value })}
                    error={err(`emergencyContacts.${i}.slack`)}
                  />
                </SimpleGrid>
              </Stack>
            </Card>
          );
        })}
        <Group>
          <Button
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setContacts((cs) => [...cs, contact()])}
            disabled={contacts.length >= 20}
          >
            Add emergency contact
          </Button>
        </Group>
        <FormEnd
          error={general}
          onCancel={onDone}
          pending={save.isPending}
          submitLabel={client ? 'Save client' : 'Add client'}
        />
      </Stack>
    </form>
  );
}

/** The client dialog: `client` null adds one. */
export function ClientForm({
  opened,
  client,
  onClose,
}: {
  opened: boolean;
  client: Client | null;
  onClose: () => void;
}) {
  return (
    <EditorModal
      opened={opened}
      onClose={onClose}
      title={client ? `Edit ${client.name}` : 'Add client'}
      size="xl"
    >
      <ClientFormBody key={client?.id ?? 'new'} client={client} onDone={onClose} />
    </EditorModal>
  );
}
