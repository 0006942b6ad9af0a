// What the paging entries of the timeline say: escalations started, reshaped, joined and hurried,
// people paged and notified, holds for business hours, clients' contacts and SLA clocks.
import { statusLabel } from '../../lib/labels.ts';
import { num, reasonLine, str, text, when, type Data, type EntryText } from './timeline-words.ts';

// Paging: channels, how a page was acknowledged, SLA clocks.
const channelWords: Record<string, string> = {
  voice: 'phone call',
  sms: 'text message',
  slack: 'Slack',
  teams: 'Microsoft Teams',
  email: 'email',
  webhook: 'webhook',
};
const ackWays: Record<string, string> = {
  web: '',
  link: ' from the link in a message',
  phone: ' by phone',
  sms: ' by text message',
  cli: ' from the command line',
};
// How a client's emergency contact was tried.
const clientChannelWords: Record<string, string> = {
  voice: 'phone call',
  phone: 'phone call',
  sms: 'SMS',
  email: 'email',
};
const clockWords: Record<string, string> = {
  acknowledge: 'acknowledge',
  respond: 'first response',
  resolve: 'resolve',
};

/** What one paging or SLA entry says; undefined for other kinds. */
export function pagingNews(kind: string, d: Data): EntryText | undefined {
  switch (kind) {
    case 'escalation-started':
      return { what: `started paging by ${str(d.policy)}`, lines: reasonLine(d) };
    case 'paged': {
      const n = Array.isArray(d.people) ? d.people.length : 0;
      const missed = Array.isArray(d.unreachable) ? d.unreachable.length : 0;
      const round = num(d.round) > 1 ? `, round ${num(d.round)}` : '';
      return {
        what: `paged level ${str(d.level)}${round}: ${n} ${n === 1 ? 'person' : 'people'}`,
        lines: missed > 0 ? [`${missed} without a verified contact method could not be reached`] : [],
      };
    }
    case 'notified':
      return {
        what: `notified ${str(d.person)} by ${channelWords[str(d.channel)] ?? str(d.channel)}`,
        lines: [`Level ${str(d.level)}`],
      };
    case 'notification-failed':
      return {
        what: `could not notify ${str(d.person)} by ${channelWords[str(d.channel)] ?? str(d.channel)}`,
        lines: [str(d.error)],
      };
    case 'acknowledged':
      return { what: `acknowledged the page${ackWays[str(d.via)] ?? ` (${str(d.via)})`}`, lines: [] };
    case 'escalated':
      if (d.by === 'sla') return { what: str(d.reason), lines: [], sentence: true };
      return {
        what:
          d.level === 'next' ? 'escalated to the next level now' : `escalated to level ${str(d.level)} now`,
        lines: [],
      };
    case 'escalation-reshaped':
      return {
        what: `reshaped the running escalation for ${str(d.to)} (was ${str(d.from)})`,
        lines: [
          `Level ${str(d.level)}${d.allMethodsAtOnce === true ? ': every verified method at once' : ''}`,
          `Next level at ${when(d.nextAt)}`,
        ],
      };
    case 'escalation-joined':
      return {
        what: `added ${str(d.policy)} to the running escalation, paging level ${str(d.level)} now`,
        lines: [],
      };
    case 'page-hold-overridden':
      return {
        what: `paged at once although ${str(d.urgency)} incidents wait for business hours (until ${when(d.until)})`,
        lines: reasonLine(d),
      };
    case 'paging-stopped':
      return {
        what:
          d.by === 'ownership'
            ? 'stopped paging: the owner is on it'
            : `stopped paging: the incident is ${statusLabel[str(d.status) as keyof typeof statusLabel]?.toLowerCase() ?? str(d.status)}`,
        lines: [],
      };
    case 'escalation-exhausted':
      return { what: `stopped paging by ${str(d.policy)}: nobody acknowledged`, lines: [] };
    case 'page-requested':
      return { what: 'asked to page', lines: reasonLine(d) };
    case 'page-deferred':
      return {
        what: `will page at ${when(d.until)}, when business hours begin`,
        lines: [`${str(d.urgency)} incidents wait for business hours`],
      };
    case 'page-unrouted':
      return { what: 'could not page', lines: reasonLine(d) };
    case 'client-set':
      return { what: d.client ? `set the client: ${str(d.client)}` : 'removed the client', lines: [] };
    case 'client-notify-requested':
      return {
        what: `asked to notify the client's contacts (${num(d.contacts)})`,
        lines: [],
        text: text(d.message),
      };
    case 'client-notified':
      return {
        what: `Client contact ${str(d.contact)} reached by ${clientChannelWords[str(d.channel)] ?? str(d.channel)}`,
        lines: [],
        sentence: true,
      };
    case 'client-notify-failed':
      return {
        what: `Could not reach client contact ${str(d.contact)} by ${clientChannelWords[str(d.channel)] ?? str(d.channel)}: ${str(d.error)}`,
        lines: [],
        sentence: true,
      };
    case 'client-unreachable':
      return {
        what: `Client contact ${str(d.contact)} could not be reached on any channel`,
        lines: [],
        sentence: true,
      };
    case 'sla-warning':
    case 'sla-breached': {
      const clock = clockWords[str(d.clock)] ?? str(d.clock);
      return {
        what:
          kind === 'sla-warning'
            ? `warned: the ${clock} target for ${str(d.client)} is due ${when(d.dueAt)}`
            : `noted a breach: the ${clock} target for ${str(d.client)} was due ${when(d.dueAt)}`,
        lines: [`${str(d.tier)} tier`],
      };
    }
    default:
      return undefined;
  }
}
