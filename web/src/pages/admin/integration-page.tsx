// One integration (/admin/integrations/:id): its settings (name, service, rate limit, signing
// secret, enabled), its routing rules as an editable JSON list, rotating its key (shown once), the
// deliveries it refused and why, and its recent alerts with the incidents they opened.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  JsonInput,
  NumberInput,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft, IconKey } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Integration, IntegrationKey, UpdateIntegrationBody } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { notify } from '../../lib/notify.ts';
import { readableColors } from '../../lib/readable.ts';
import { IntegrationAlerts, RefusedDeliveries } from './integration-activity.tsx';
import { IntegrationKeyModal } from './integration-key-modal.tsx';
import { integrationTypeInfo, takesSigningSecret } from './integration-types.ts';
import { EnabledBadge } from './integrations-page.tsx';

function useIntegration(id: string) {
  return useQuery({
    queryKey: keys.integration(id),
    queryFn: ({ signal }) => api<Integration>(`/integrations/${encodeURIComponent(id)}`, { signal }),
  });
}

/** A change to the integration; the answer replaces the cached one. */
function useUpdate(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateIntegrationBody) =>
      api<Integration>(`/integrations/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
    onSuccess: async (integration) => {
      queryClient.setQueryData(keys.integration(id), integration);
      await queryClient.invalidateQueries({ queryKey: keys.integrations, exact: true });
    },
  });
}

/** The API's messages for fields under `prefix`, as "where: message" lines. */
function linesUnder(err: unknown, prefix: string, describe: (path: string[]) => string): string[] {
  if (!(err instanceof ApiError)) return [];
  return Object.entries(err.fields)
    .filter(([f]) => f === prefix || f.startsWith(`${prefix}.`))
    .map(([f, m]) => {
      const path = f
        .slice(prefix.length + 1)
        .split('.')
        .filter(Boolean);
      return path.length ? `${describe(path)}: ${m}` : m;
    });
}

function Settings({ integration }: { integration: Integration }) {
  const update = useUpdate(integration.id);
  const [name, setName] = useState(integration.name);
  const [service, setService] = useState(integration.service?.name ?? '');
  const [rate, setRate] = useState<number | string>(integration.rateLimitPerMinute);
  const [secret, setSecret] = useState('');
  const [missing, setMissing] = useState<string>();
  const fields = update.error instanceof ApiError ? update.error.fields : {};
  const placed = ['body.name', 'body.service', 'body.rateLimitPerMinute', 'body.signingSecret'];
  const general =
    update.error && !Object.keys(fields).some((f) => placed.includes(f))
      ? errorMessage(update.error)
      : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setMissing('Give it a name');
    const body: UpdateIntegrationBody = {
      name: name.trim(),
      service: service.trim() ? service.trim() : null,
    };
    if (typeof rate === 'number') body.rateLimitPerMinute = rate;
    if (secret) body.signingSecret = secret;
    update.mutate(body, {
      onSuccess: () => {
        setSecret('');
        notify('Settings saved.');
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="settings-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="settings-title">
          Settings
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="Name"
            required
            maxLength={200}
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setMissing(undefined);
            }}
            error={missing ?? fields['body.name']}
          />
          <TextInput
            label="Service"
            description="Empty: no service"
            maxLength={200}
            value={service}
            onChange={(e) => setService(e.currentTarget.value)}
            error={fields['body.service']}
          />
          <NumberInput
            label="Rate limit (requests per minute)"
            min={1}
            max={10_000_000}
            allowDecimal={false}
            thousandSeparator=","
            value={rate}
            onChange={setRate}
            error={fields['body.rateLimitPerMinute']}
          />
          {takesSigningSecret(integration.type) && (
            <PasswordInput
              label="New signing secret"
              description={integration.signed ? 'Signed now; empty keeps the secret' : 'Not signed now'}
              autoComplete="off"
              value={secret}
              onChange={(e) => setSecret(e.currentTarget.value)}
              error={fields['body.signingSecret']}
            />
          )}
        </SimpleGrid>
        {general && (
          <Text size="sm" c="var(--mantine-color-error)" role="alert">
            {general}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={update.isPending}>
            Save settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const ruleExample = `[
  {
    "id": "checkout-errors",
    "name": "Checkout errors",
    "match": { "labels": { "service": "checkout" }, "severity": ["critical", "error"] },
    "classification": { "scope": "ALL-USERS", "criticality": "FBLOCK", "area": "BE" },
    "threshold": { "count": 5, "windowMinutes": 2 },
    "groupBy": ["alertname"]
  }
]`;

function JsonEditor({
  integration,
  field,
  title,
  intro,
  label,
  empty,
  describe,
}: {
  integration: Integration;
  field: 'rules' | 'mapping';
  title: string;
  intro: string;
  label: string;
  /** The value sent when the box is left empty. */
  empty: [] | null;
  describe: (path: string[]) => string;
}) {
  const update = useUpdate(integration.id);
  const current = integration[field];
  const initial =
    current === null || (Array.isArray(current) && current.length === 0)
      ? ''
      : JSON.stringify(current, null, 2);
  const [text, setText] = useState(initial);
  const [local, setLocal] = useState<string>();
  const problems = linesUnder(update.error, `body.${field}`, describe);
  const general = update.error && problems.length === 0 ? errorMessage(update.error) : undefined;

  const save = () => {
    let value: unknown = empty;
    if (text.trim()) {
      try {
        value = JSON.parse(text);
      } catch (err) {
        setLocal(`This is not valid JSON: ${(err as Error).message}`);
        return;
      }
    }
    if (field === 'rules' && !Array.isArray(value)) {
      setLocal('Write a list: [ { …rule… }, … ]');
      return;
    }
    setLocal(undefined);
    update.mutate(
      { [field]: value },
      {
        onSuccess: (i) => {
          const saved = i[field];
          setText(
            saved === null || (Array.isArray(saved) && saved.length === 0)
              ? ''
              : JSON.stringify(saved, null, 2),
          );
          notify(`${title} saved.`);
        },
      },
    );
  };

  const id = `${field}-title`;
  return (
    <Stack gap="sm" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id}>
        {title}
      </Title>
      <Text size="sm" c="dimmed">
        {intro}
      </Text>
      <JsonInput
        label={label}
        value={text}
        onChange={(v) => {
          setText(v);
          setLocal(undefined);
        }}
        autosize
        minRows={field === 'rules' ? 6 : 4}
        maxRows={30}
        placeholder={
          field === 'rules' ? 'No rules of its own: [ ]' : '{ "title": "$.title", "dedupKey": "$.id" }'
        }
        validationError="This is not valid JSON"
        error={local ?? (problems.length > 0 || general ? 'Not saved: see below' : undefined)}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      />
      {(problems.length > 0 || general) && (
        <Alert color="red" title={`The ${title.toLowerCase()} were not saved`} role="alert">
          {general && <Text size="sm">{general}</Text>}
          <Stack gap={2} component="ul" m={0} pl="md">
            {problems.map((p) => (
              <Text key={p} size="sm" component="li">
                {p}
              </Text>
            ))}
          </Stack>
          <Text size="sm" mt="xs">
            What you wrote is kept; fix it and save again.
          </Text>
        </Alert>
      )}
      <Group>
        {field === 'rules' && !text.trim() && (
          <Button variant="default" onClick={() => setText(ruleExample)}>
            Start from an example
          </Button>
        )}
        <Button variant="default" onClick={save} loading={update.isPending}>
          Save {title.toLowerCase()}
        </Button>
      </Group>
    </Stack>
  );
}

function Details({ integration }: { integration: Integration }) {
  const queryClient = useQueryClient();
  const update = useUpdate(integration.id);
  const [confirm, setConfirm] = useState<'rotate' | 'disable' | null>(null);
  const [rotated, setRotated] = useState<IntegrationKey | null>(null);
  const rotate = useMutation({
    mutationFn: () =>
      api<IntegrationKey>(`/integrations/${encodeURIComponent(integration.id)}/rotate-key`, {
        method: 'POST',
      }),
    onSuccess: async (k) => {
      setConfirm(null);
      setRotated(k);
      queryClient.setQueryData(keys.integration(integration.id), k.integration);
      await queryClient.invalidateQueries({ queryKey: keys.integrations, exact: true });
    },
  });
  const setDisabled = (disabled: boolean) =>
    update.mutate(
      { disabled },
      {
        onSuccess: () => {
          setConfirm(null);
          notify(disabled ? `${integration.name} is disabled.` : `${integration.name} is enabled.`);
        },
      },
    );

  const ruleWhere = (path: string[]) => {
    const [index, ...rest] = path;
    const n = Number(index);
    if (!Number.isInteger(n)) return path.join('.');
    const rule = integration.rules[n];
    return `Rule ${n + 1}${rule ? ` (${rule.id})` : ''}${rest.length ? ` › ${rest.join('.')}` : ''}`;
  };

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Anchor component={Link} to="/admin/integrations" size="sm">
          <Group gap={4} component="span">
            <IconArrowLeft size={14} aria-hidden />
            All integrations
          </Group>
        </Anchor>
        <Group gap="sm" align="center">
          <Title order={1} style={{ overflowWrap: 'anywhere' }}>
            {integration.name}
          </Title>
          <EnabledBadge disabled={integration.disabled} />
          {integration.signed && (
            <Badge variant="outline" color="gray" tt="none" c="var(--mantine-color-text)">
              Signed
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {integrationTypeInfo[integration.type].label}
          {integration.service ? ` · service ${integration.service.name}` : ''} · key ending{' '}
          <Text span ff="monospace" inherit>
            {integration.keyHint}
          </Text>
        </Text>
      </Stack>
      <Group gap="sm">
        <Button
          variant="default"
          leftSection={<IconKey size={16} aria-hidden />}
          onClick={() => setConfirm('rotate')}
        >
          Rotate key
        </Button>
        {integration.disabled ? (
          <Button
            variant="light"
            onClick={() => setDisabled(false)}
            loading={update.isPending && confirm === null}
          >
            Enable
          </Button>
        ) : (
          <Button variant="light" color="red" onClick={() => setConfirm('disable')}>
            Disable
          </Button>
        )}
      </Group>
      <Card withBorder>
        <Settings key={integration.id} integration={integration} />
      </Card>
      <Card withBorder>
        <JsonEditor
          key={`rules-${integration.id}`}
          integration={integration}
          field="rules"
          title="Routing rules"
          label="Rules, tried in order (JSON)"
          intro="Which alerts open incidents, how they are grouped, and with which classification and urgency. The first matching rule wins; alerts that match none follow the service's rules, then the default (open one incident per group)."
          empty={[]}
          describe={ruleWhere}
        />
      </Card>
      {integration.type === 'generic' && (
        <Card withBorder>
          <JsonEditor
            key={`mapping-${integration.id}`}
            integration={integration}
            field="mapping"
            title="Field mapping"
            label="Where each field is (JSON paths)"
            intro="Empty: the body has title, dedup_key, severity, status, labels and url."
            empty={null}
            describe={(p) => p.join('.')}
          />
        </Card>
      )}
      <Card withBorder>
        <RefusedDeliveries integrationId={integration.id} />
      </Card>
      <Card withBorder>
        <IntegrationAlerts integrationId={integration.id} />
      </Card>
      {confirm === 'rotate' && (
        <ConfirmDialog
          opened
          title={`Rotate the key of ${integration.name}?`}
          confirmLabel="Rotate key"
          danger
          pending={rotate.isPending}
          error={rotate.error}
          onConfirm={() => rotate.mutate()}
          onClose={() => {
            setConfirm(null);
            rotate.reset();
          }}
        >
          <Text size="sm">
            The current key and webhook URL stop working at once: alerts sent with them are refused until the
            source uses the new key, which is shown once.
          </Text>
        </ConfirmDialog>
      )}
      {confirm === 'disable' && (
        <ConfirmDialog
          opened
          title={`Disable ${integration.name}?`}
          confirmLabel="Disable"
          danger
          pending={update.isPending}
          error={update.error}
          onConfirm={() => setDisabled(true)}
          onClose={() => {
            setConfirm(null);
            update.reset();
          }}
        >
          <Text size="sm">
            Expedite refuses its alerts until you enable it again; nothing it sends in the meantime opens an
            incident.
          </Text>
        </ConfirmDialog>
      )}
      <IntegrationKeyModal created={rotated} rotated onDone={() => setRotated(null)} />
    </Stack>
  );
}

/** The integration page. */
export function IntegrationPage() {
  const { id = '' } = useParams();
  const integration = useIntegration(id);
  useDocumentTitle(
    integration.data ? `${integration.data.name} · Integrations · Expedite` : 'Integration · Expedite',
  );
  return (
    <Stack gap="md" style={readableColors}>
      {integration.data ? (
        <Details integration={integration.data} />
      ) : integration.isPending ? (
        <LoadingState label="Loading the integration" />
      ) : integration.error instanceof ApiError &&
        (integration.error.status === 404 || integration.error.status === 400) ? (
        <Stack align="flex-start">
          <Title order={1}>Integration not found</Title>
          <Text>It may have been mistyped.</Text>
          <Button component={Link} to="/admin/integrations" variant="light">
            See all integrations
          </Button>
        </Stack>
      ) : (
        <ErrorState error={integration.error} onRetry={() => void integration.refetch()} />
      )}
    </Stack>
  );
}
