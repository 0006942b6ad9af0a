// Updates of an incident as the communication panel reads them: the API's shapes, the words of
// stages and audiences, and "next update due in 12 min" / "overdue" from the cadence. No imports of
// the API client, so the timeline's words (shared with server-side tests) can use it.

export const stages = ['investigating', 'identified', 'fixing', 'monitoring', 'resolved'] as const;
export type Stage = (typeof stages)[number];
export const audiences = ['internal', 'stakeholders', 'clients', 'public'] as const;
export type Audience = (typeof audiences)[number];
type TemplateKey = Stage | 'outstanding' | 'data-loss';

export const stageWords: Record<Stage, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  fixing: 'Fixing',
  monitoring: 'Monitoring',
  resolved: 'We are back',
};

export const audienceWords: Record<Audience, { label: string; description: string }> = {
  internal: {
    label: 'Team (technical)',
    description: 'Incident and broadcast channels, and the team by email',
  },
  stakeholders: { label: 'Stakeholders', description: 'Plain words to the stakeholder lists' },
  clients: { label: 'Client', description: "The linked client's contacts, in their order" },
  public: { label: 'Status page', description: 'Plain words on the public status pages' },
};

export interface Update {
  id: string;
  stage: Stage;
  technical: string;
  plain: string;
  audiences: Audience[];
  outstanding: string | null;
  dataLoss: string | null;
  author: { id: string; name: string } | null;
  sentAt: string;
}

export interface Cadence {
  minutes: number | null;
  nextDueAt: string | null;
  overdue: boolean;
  remind: string | null;
}

export interface Updates {
  updates: Update[];
  cadence: Cadence;
  drafts: Record<TemplateKey, { technical: string; plain: string }>;
}

export interface UpdateBody {
  stage: Stage;
  technical: string;
  plain: string;
  audiences: Audience[];
  outstanding?: string;
  dataLoss?: string;
}

export interface Preview {
  audiences: {
    audience: Audience;
    recipients: string[];
    subject: string | null;
    text: string;
    problem: string | null;
  }[];
}

/** "Next update due in 12 min", "Update overdue by 3 min", or null when updates go on change. */
export function dueWords(c: Cadence, now: number): { text: string; overdue: boolean } | null {
  if (!c.nextDueAt) return null;
  const minutes = Math.round((new Date(c.nextDueAt).getTime() - now) / 60_000);
  if (c.overdue || minutes <= 0)
    return { text: `Update overdue${minutes < 0 ? ` by ${-minutes} min` : ''}`, overdue: true };
  return { text: `Next update due in ${minutes} min`, overdue: false };
}
