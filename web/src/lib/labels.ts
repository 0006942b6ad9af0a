// Plain-language labels and colours for codes, shared by every page. The labels themselves come
// from the server's classification module, so the UI and the API never disagree.
import { labels } from '../../../src/classification/codes.ts';
import type { Status } from '../api/types.ts';

export { labels };
export { codeWords, phrases, plainWords, taglineWords } from '../../../src/classification/codes.ts';
export {
  scopes,
  criticalities,
  areas,
  impactLevels,
  lifespans,
  urgencies,
  decisions,
} from '../../../src/classification/codes.ts';
export type {
  Scope,
  Criticality,
  Area,
  ImpactLevel,
  Lifespan,
  Urgency,
  Decision,
} from '../../../src/classification/codes.ts';

// Shades chosen for WCAG AA: with the theme's autoContrast, orange and yellow get dark text.
export const urgencyColor: Record<string, string> = {
  P1: 'red.9',
  P2: 'orange.6',
  P3: 'yellow.5',
  P4: 'gray.8',
};
export const decisionColor: Record<string, string> = {
  expedite: 'red',
  'product-owner': 'violet',
  backlog: 'gray',
};

export const statusLabel: Record<Status, string> = {
  triage: 'Triage',
  investigating: 'Investigating',
  fixing: 'Fixing',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  closed: 'Closed',
  backlogged: 'Backlogged',
  declined: 'Declined',
};
// Filled badge shades that meet WCAG AA (autoContrast gives orange and yellow dark text).
export const statusColor: Record<Status, string> = {
  triage: 'pink.9',
  investigating: 'orange.6',
  fixing: 'yellow.5',
  monitoring: 'cyan.9',
  resolved: 'teal.9',
  closed: 'gray.7',
  backlogged: 'gray.7',
  declined: 'gray.7',
};
