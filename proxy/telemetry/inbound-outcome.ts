/**
 * The proxy's own outcome of one inbound request as a usage event (GetUsage counts these; the CI client's
 * UpstreamCallEvents are counted beside them as `upstream`). Only attributed requests become events: the caller
 * authenticated and the instance confirmed by CI (proxy/telemetry/request-attribution.ts); labels are either
 * fixed by the operation, confirmed by CI, or `other`.
 */
import { USAGE_CALLER_LABEL_MAX_CHARS, USAGE_OTHER_LABEL } from '../limits/constants';
import type { UpstreamCallEvent } from '../upstream/ci-client';
import type { UsageEvent } from './usage-store';

/** Operations whose entity is fixed by the operation rather than by an `entityName` parameter. */
const FIXED_ENTITY: Record<string, string> = {
  CreateUnifiedActivity: 'UnifiedActivity',
  UpdateCustomerProfile: 'Customer',
  GetCustomerProfile: 'Customer',
  FindCustomerProfiles: 'Customer',
  GetProfileSchema: 'Customer',
  GetProfileUpdateSchema: 'Customer',
  ListCustomerActivities: 'UnifiedActivity',
};

export interface InboundOutcome {
  at: number;
  operationId: string;
  /** The instance CI confirmed for this caller (never a raw path value). */
  instanceId: string;
  /** Whether the operation names an entity in its path, and the name when CI confirmed it. */
  entity?: { confirmed?: string };
  caller: string;
  callerId: string;
  status: number;
  errorCode?: string;
  bytes: number;
  /** From the request's arrival to its answer (omitted: not measured). */
  durationMs?: number;
}

/** A caller label as stored: token claims are the caller's to choose within their tenant, so their length is cut. */
export function usageCallerLabel(label: string): string {
  return label.length <= USAGE_CALLER_LABEL_MAX_CHARS ? label : label.slice(0, USAGE_CALLER_LABEL_MAX_CHARS);
}

/** Turns a finished, attributed inbound request into a usage event. */
export function inboundUsageEvent(outcome: InboundOutcome): UsageEvent {
  const success = outcome.status < 400;
  const named = outcome.entity ? (outcome.entity.confirmed ?? USAGE_OTHER_LABEL) : undefined;
  return {
    source: 'proxy',
    at: outcome.at,
    instanceId: outcome.instanceId,
    operation: outcome.operationId,
    entity: FIXED_ENTITY[outcome.operationId] ?? named,
    caller: usageCallerLabel(outcome.caller),
    callerId: outcome.callerId,
    success,
    errorCode: success ? undefined : (outcome.errorCode ?? String(outcome.status)),
    bytes: outcome.bytes,
    durationMs: outcome.durationMs,
  };
}

/**
 * Turns one attempt of an upstream call into a usage event. The report shows upstream attempts by operation only,
 * so the entity (the caller's path value on a failed call) is not kept; an attempt CI refused as unauthorised
 * (401/403) belongs to no environment's report, since the caller has no standing there.
 */
export function upstreamUsageEvent(event: UpstreamCallEvent): UsageEvent {
  const success = event.status >= 200 && event.status < 300;
  const refused = event.status === 401 || event.status === 403;
  return {
    source: 'upstream',
    at: event.at,
    instanceId: refused ? undefined : event.instanceId,
    operation: `${event.method} ${event.operation}`,
    caller: usageCallerLabel(event.caller),
    callerId: event.callerId,
    success,
    errorCode: success ? undefined : (event.errorCode ?? String(event.status)),
    bytes: event.requestBytes + event.responseBytes,
  };
}
