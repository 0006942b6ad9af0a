// The resolution report of an incident, read live (it is generated from the incident until saved),
// and where its downloads are.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { ReportVersion, ResolutionReport } from '../../api/types.ts';

/** The API path of an incident's report, e.g. "/incidents/12/resolution-report/share". */
export function reportPath(ref: string, rest = ''): string {
  return `/incidents/${encodeURIComponent(ref)}/resolution-report${rest}`;
}

/** The address of one version as Markdown (a download) or as a printable page. */
export function downloadHref(ref: string, as: 'md' | 'html', version: ReportVersion): string {
  return `/api/v1${reportPath(ref, `.${as}`)}?version=${version}`;
}

/** The report: as saved, or as generated from the incident now. */
export function useResolutionReport(ref: string) {
  return useQuery({
    queryKey: keys.resolutionReport(ref),
    queryFn: ({ signal }) => api<ResolutionReport>(reportPath(ref), { signal }),
  });
}

/** What each version is for, in the words of the page. */
export const versionWords: Record<ReportVersion, { label: string; for: string }> = {
  plain: { label: 'Plain words', for: 'For stakeholders and clients: no codes, server names or commit ids.' },
  technical: { label: 'Technical', for: 'For the team: tagline, services, versions, commits as recorded.' },
};
