/** The outbound URL policy: the only way the server makes an HTTP request to a URL it was given. */
export { classifyAddress, type AddressKind } from './address.ts';
export { normalizeEntry } from './allow-list.ts';
export { createOutbound, entryFor, type Outbound, type OutboundSources } from './policy.ts';
export { OutboundError, type OutboundFailure, type OutboundInit } from './request.ts';
