// What a support agent has typed into the report form, kept in sessionStorage so that a reload, a
// wrong click or a failed request never loses it (uploaded files included: they are on the server
// already). Also how the draft becomes the API request and where the API's field errors belong.
import type { ApiError } from '../../api/client.ts';
import type { CreateReportBody, SupportChecklist, Upload } from '../../api/types.ts';
import type { Area, Criticality, Scope } from '../../lib/labels.ts';

/** The incident a report is attached to, as the form shows it. */
export interface Target {
  number: number;
  tagline: string;
}

/** The form's values; '' means "not given". */
export interface ReportDraft {
  whatHappens: string;
  steps: string;
  affectedUsers: string[];
  checklist: SupportChecklist;
  recordingUrl: string;
  attachments: Upload[];
  /** Attach to this open incident; null opens a new one. */
  target: Target | null;
  title: string;
  scope: '' | Scope;
  criticality: '' | Criticality;
  area: '' | Area;
  service: string;
}
export type ReportField =
  | 'whatHappens'
  | 'steps'
  | 'affectedUsers'
  | 'checklist'
  | 'recordingUrl'
  | 'attachments'
  | 'target'
  | 'title'
  | 'scope'
  | 'criticality'
  | 'area'
  | 'service';

export const emptyReport: ReportDraft = {
  whatHappens: '',
  steps: '',
  affectedUsers: [],
  checklist: { procedureVerified: false, cacheCleared: false, incognito: false, otherBrowser: false },
  recordingUrl: '',
  attachments: [],
  target: null,
  title: '',
  scope: '',
  criticality: '',
  area: '',
  service: '',
};

const STORAGE_KEY = 'expedite.report-draft.v1';

/** Whether the draft holds anything typed, ticked or uploaded. */
export function isEmpty(d: ReportDraft): boolean {
  return JSON.stringify(d) === JSON.stringify(emptyReport);
}

/** The draft kept from before (this tab), if any. */
export function loadDraft(): ReportDraft | undefined {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as Partial<ReportDraft>;
    const d: ReportDraft = {
      ...emptyReport,
      ...parsed,
      checklist: { ...emptyReport.checklist, ...parsed.checklist },
    };
    return isEmpty(d) ? undefined : d;
  } catch {
    return undefined;
  }
}

/** Keeps the draft (or forgets it, after filing or starting over). */
export function saveDraft(d: ReportDraft | undefined): void {
  try {
    if (!d || isEmpty(d)) sessionStorage.removeItem(STORAGE_KEY);
    else sessionStorage.setItem(STORAGE_KEY, JSON.stringify(d));
  } catch {
    // Storage full or refused (private mode): the form still works, only without the backup.
  }
}

/** A link the API accepts as a session recording (http or https). */
export function isWebAddress(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The request body, sending only what was given. */
export function toReportBody(d: ReportDraft): CreateReportBody {
  const body: CreateReportBody = {
    whatHappens: d.whatHappens.trim(),
    steps: d.steps.trim(),
    affectedUsers: d.affectedUsers,
    checklist: d.checklist,
    attachments: d.attachments.map((a) => a.id),
  };
  if (d.recordingUrl.trim()) body.recordingUrl = d.recordingUrl.trim();
  if (d.target) {
    body.incident = String(d.target.number);
  } else {
    if (d.title.trim()) body.title = d.title.trim();
    const classification: NonNullable<CreateReportBody['classification']> = {};
    if (d.scope) classification.scope = d.scope;
    if (d.criticality) classification.criticality = d.criticality;
    if (d.area) classification.area = d.area;
    body.classification = classification;
    if (d.service) body.service = d.service;
  }
  return body;
}

const fieldOf: [prefix: string, field: ReportField][] = [
  ['body.whatHappens', 'whatHappens'],
  ['body.steps', 'steps'],
  ['body.affectedUsers', 'affectedUsers'],
  ['body.checklist', 'checklist'],
  ['body.recordingUrl', 'recordingUrl'],
  ['body.attachments', 'attachments'],
  ['body.incident', 'target'],
  ['body.title', 'title'],
  ['body.classification.scope', 'scope'],
  ['body.classification.criticality', 'criticality'],
  ['body.classification.area', 'area'],
  ['body.service', 'service'],
];

/** The API's field messages placed on the form's fields; the rest as lines for a general alert. */
export function placeReportErrors(err: ApiError): {
  fields: Partial<Record<ReportField, string>>;
  other: string[];
} {
  const fields: Partial<Record<ReportField, string>> = {};
  const other: string[] = [];
  for (const [path, message] of Object.entries(err.fields)) {
    const hit = fieldOf.find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`));
    if (hit) {
      const rest = path.slice(hit[0].length + 1);
      fields[hit[1]] ??=
        hit[1] === 'affectedUsers' && rest ? `User ${Number(rest) + 1}: ${message}` : message;
    } else other.push(`${path.replace(/^body\./, '')}: ${message}`);
  }
  return { fields, other };
}
