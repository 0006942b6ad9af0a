/**
 * The outbound policy as the server holds it: the allow-list from the configuration
 * (EXPEDITE_OUTBOUND_ALLOW) and the one admins keep in the database, read at each request so a
 * change applies at once. The one way the server makes an HTTP request to a URL it was given.
 */
import { parseEntries } from './allow-list.ts';
import { sendOutbound, type OutboundInit } from './request.ts';

export interface Outbound {
  /**
   * Sends under the policy. `trusted` adds entries for this request only: the base of a vendor API
   * the operator configured (Slack, Twilio), never an address a person gave.
   */
  send(
    url: string,
    init: OutboundInit,
    opts: { timeoutMs: number; trusted?: readonly string[] },
  ): Promise<Response>;
}

export interface OutboundSources {
  /** Entries from the configuration. */
  allow?: readonly string[];
  /** Entries admins keep (the database), read at each request. */
  stored?: () => Promise<readonly string[]>;
}

/** The policy from its allow-lists; with none, only https to public addresses passes. */
export function createOutbound(sources: OutboundSources = {}): Outbound {
  return {
    async send(url, init, opts) {
      const stored = sources.stored ? await sources.stored() : [];
      const allow = parseEntries([...(sources.allow ?? []), ...stored, ...(opts.trusted ?? [])]);
      return sendOutbound(url, init, { allow, timeoutMs: opts.timeoutMs });
    },
  };
}

/** The allow-list entry for an operator-configured API base (its host and port). */
export function entryFor(base: string): string {
  const url = new URL(base);
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
}
