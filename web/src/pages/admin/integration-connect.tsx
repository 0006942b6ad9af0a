// How a source connects to an integration, shown at all times on its page: the webhook URL (it
// carries no secret: the key goes in a header) with a copy button, and the sender's settings with a
// placeholder for the key, which is shown only when created or rotated. Sentry and Bugsnag cannot
// set headers and keep the URL with the key in it.
import { Stack, Text, Title } from '@mantine/core';
import type { Integration } from '../../api/types.ts';
import { CodeSnippet, CopyField } from '../../components/copy-field.tsx';
import { connectHelp, keyInUrlOnly, pagerDutyUrlOf } from './integration-types.ts';

/** Why a sender without headers is still safe (or what to keep secret). */
function keyedNote(integration: Integration): string {
  if (integration.type === 'sentry')
    return integration.signed
      ? 'Sentry cannot send a header of ours, so it uses the URL with the key in it, shown once when the integration was created or its key rotated. Its signature protects it: a delivery without a valid Sentry-Hook-Signature is refused.'
      : 'Sentry’s legacy plugin cannot sign or send a header of ours: it uses the URL with the key in it, shown once when the integration was created or its key rotated. Anyone with that URL can send alerts.';
  return 'Bugsnag cannot send a header of ours, so it uses the URL with the key in it, shown once when the integration was created or its key rotated. Keep that URL secret; rotate the key if it leaks.';
}

/** The "Connect" section of the integration page. */
export function IntegrationConnect({ integration }: { integration: Integration }) {
  const help = connectHelp(integration, null);
  const keyed = keyInUrlOnly(integration.type);
  return (
    <Stack gap="sm" component="section" aria-labelledby="connect-title">
      <Title order={2} size="h4" id="connect-title">
        Connect the source
      </Title>
      {keyed ? (
        <Text size="sm">{keyedNote(integration)}</Text>
      ) : (
        <>
          <CopyField
            label="Webhook URL"
            value={integration.webhookUrl}
            description="No secret in it: the source sends the key in Authorization: Bearer <key> or X-Expedite-Key: <key>."
          />
          {(integration.type === 'alertmanager' ||
            integration.type === 'grafana' ||
            integration.type === 'pagerduty') && (
            <CopyField
              label="PagerDuty URL"
              value={pagerDutyUrlOf(integration)}
              description="Events API v2 endpoint: the key is the routing_key."
            />
          )}
        </>
      )}
      <Text size="sm">{help.steps}</Text>
      <CodeSnippet label={help.snippetLabel} code={help.snippet} />
      <Text size="sm" c="dimmed">
        The key is shown only when the integration is created or its key rotated; here it reads{' '}
        <Text span ff="monospace" inherit>
          {'<integration key>'}
        </Text>
        .
      </Text>
    </Stack>
  );
}
