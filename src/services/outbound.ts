// The outbound HTTP a run's components get: the SSRF policy from the configuration
// (LANGFLOW_SSRF_*, LANGFLOW_OUTBOUND_*), one connection pool per run, closed when it ends.
import type { Config } from '../config/config-types.js';
import { createOutbound, type Outbound, type OutboundPolicy, type Resolver } from '../engine/net/outbound.js';

export function outboundPolicy(config: Pick<Config, 'outbound'>): OutboundPolicy {
  return {
    protect: config.outbound.ssrfProtection,
    allowedHosts: config.outbound.allowedHosts,
    maxResponseBytes: config.outbound.maxResponseBytes,
    timeoutMs: config.outbound.timeoutSeconds * 1000,
  };
}

export function runOutbound(config: Pick<Config, 'outbound'>, signal?: AbortSignal, resolver?: Resolver): Outbound {
  return createOutbound({ policy: outboundPolicy(config), signal, resolver });
}
