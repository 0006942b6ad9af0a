/**
 * The fakes listen on 127.0.0.1, which the outbound policy refuses unless allow-listed. Tests reach
 * them through this explicit allow-list, as an operator would with EXPEDITE_OUTBOUND_ALLOW.
 */
import { createOutbound } from '../../../src/outbound/index.ts';

/** The hosts the fakes listen on. */
export const fakeHosts = ['127.0.0.1'];

/** EXPEDITE_OUTBOUND_ALLOW for an app or server whose channels reach the fakes. */
export const fakesAllowEnv = { EXPEDITE_OUTBOUND_ALLOW: fakeHosts.join(',') };

/** An outbound policy that lets channels reach the fakes. */
export const fakesOutbound = createOutbound({ allow: fakeHosts });
