// Plain words for the codes of paging: contact channels, escalation targets, rotations, weekdays,
// our people's roles for a client, the order to reach a client's contacts in, and SLA clocks.
import type { ChainRole, Client, ContactKind, EscalationTarget, SlaClock } from '../api/types.ts';

/** Contact channels as a person would name them. */
export const contactKindLabel: Record<ContactKind, string> = {
  voice: 'Phone call',
  sms: 'Text message (SMS)',
  slack: 'Slack',
  teams: 'Microsoft Teams',
  email: 'Email',
  webhook: 'Webhook',
};

/** The order Expedite tries verified methods in when a person has no rules of their own. */
export const defaultOrder: ContactKind[] = ['voice', 'sms', 'slack', 'teams', 'email', 'webhook'];

/** What to type as the address of each channel. */
export const addressHelp: Record<ContactKind, { label: string; description: string; placeholder: string }> = {
  voice: {
    label: 'Phone number',
    description: 'In international format, starting with + and the country code',
    placeholder: '+31612345678',
  },
  sms: {
    label: 'Mobile number',
    description: 'In international format, starting with + and the country code',
    placeholder: '+31612345678',
  },
  slack: {
    label: 'Slack member ID',
    description: 'In Slack: your profile, ⋯ menu, "Copy member ID" (starts with U)',
    placeholder: 'U0123ABCD',
  },
  teams: {
    label: 'Teams webhook address',
    description: 'The incoming webhook or Workflows address of a chat or channel you read',
    placeholder: 'https://…',
  },
  email: { label: 'Email address', description: 'Where pages are emailed', placeholder: 'you@example.com' },
  webhook: {
    label: 'Webhook address',
    description: 'An https address that receives each page as signed JSON',
    placeholder: 'https://…',
  },
};

/** Our people for a client, by role. */
export const chainRoleLabel: Record<ChainRole, string> = {
  strategist: 'Strategist',
  pm: 'Project manager',
  'lead-developer': 'Lead developer',
};
export const chainRoles: ChainRole[] = ['strategist', 'pm', 'lead-developer'];

/** Kinds of escalation target, as offered when adding one. */
export const targetTypeLabel: Record<EscalationTarget['type'], string> = {
  user: 'A person',
  schedule: 'Whoever is on call on a schedule',
  team: 'Everyone in a team',
  'service-owner': "The service's owner",
  'client-role': "Our person for the incident's client",
};

type EmergencyContact = Client['emergencyContacts'][number];
const clientChannelWord: Record<EmergencyContact['order'][number], string> = {
  phone: 'phone',
  sms: 'SMS',
  slack: 'Slack',
  email: 'email',
};

/**
 * The order a client's emergency contact is tried in, e.g. "Phone, then SMS, then email". Channels
 * the contact has no number or address for are left out: they cannot be tried.
 */
export function contactOrderText(c: EmergencyContact): string {
  const usable = c.order.filter((ch) =>
    ch === 'email' ? !!c.email : ch === 'slack' ? !!c.slack : !!c.phone,
  );
  const [first, ...rest] = usable.map((ch) => clientChannelWord[ch]);
  if (!first) return 'No channel to try';
  return `${first.charAt(0).toUpperCase()}${first.slice(1)}${rest.map((w) => `, then ${w}`).join('')}`;
}

/** SLA clocks in words. */
export const clockLabel: Record<SlaClock['clock'], string> = {
  acknowledge: 'Acknowledge',
  respond: 'First response',
  resolve: 'Resolve',
};

/** ISO weekdays, Monday first. */
export const weekdays = [
  { value: 1, label: 'Monday', short: 'Mon' },
  { value: 2, label: 'Tuesday', short: 'Tue' },
  { value: 3, label: 'Wednesday', short: 'Wed' },
  { value: 4, label: 'Thursday', short: 'Thu' },
  { value: 5, label: 'Friday', short: 'Fri' },
  { value: 6, label: 'Saturday', short: 'Sat' },
  { value: 7, label: 'Sunday', short: 'Sun' },
] as const;

/** "5 minutes", "1 minute", "2 hours", "1 day 4 hours" for a number of minutes. */
export function minutesText(m: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (m < 60) return plural(m, 'minute');
  if (m < 1440) {
    const h = Math.floor(m / 60);
    const rest = m % 60;
    return rest ? `${plural(h, 'hour')} ${plural(rest, 'minute')}` : plural(h, 'hour');
  }
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  return h ? `${plural(d, 'day')} ${plural(h, 'hour')}` : plural(d, 'day');
}

/** Every IANA time zone the browser knows (UTC first), for pickers. */
export function timeZones(current?: string): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const all = intl.supportedValuesOf?.('timeZone') ?? [];
  const zones = ['UTC', ...all.filter((z) => z !== 'UTC')];
  if (current && !zones.includes(current)) zones.push(current);
  return zones;
}

/** The browser's own time zone. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** "one person cannot be paged", "2 people cannot be paged": a schedule's unreachable people. */
export function cannotBePaged(n: number): string {
  return `${n === 1 ? 'one person' : `${n} people`} cannot be paged`;
}
