/**
 * The proxy's own outcome of one inbound request as a usage event (GetUsage counts these; the CI client's
 * UpstreamCallEvents are counted beside them as `upstream`).
 */
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
  params: Record<string, unknown>;
  caller?: string;
  status: number;
  errorCode?: string;
  bytes: number;
}

/** Turns a finished inbound request into a usage event. */
export function inboundUsageEvent(outcome: InboundOutcome): UsageEvent {
  const entityParam = outcome.params.entityName;
  const success = outcome.status < 400;
  return {
    source: 'proxy',
    at: outcome.at,
    instanceId: typeof outcome.params.instanceId === 'string' ? outcome.params.instanceId : undefined,
    operation: outcome.operationId,
    entity: typeof entityParam === 'string' ? entityParam : FIXED_ENTITY[outcome.operationId],
    caller: outcome.caller ?? '(unauthenticated)',
    success,
    errorCode: success ? undefined : (outcome.errorCode ?? String(outcome.status)),
    bytes: outcome.bytes,
  };
}

/** Turns one attempt of an upstream call into a usage event. */
export function upstreamUsageEvent(event: UpstreamCallEvent): UsageEvent {
  const success = event.status >= 200 && event.status < 300;
  return {
    source: 'upstream',
    at: event.at,
    instanceId: event.instanceId,
    operation: `${event.method} ${event.operation}`,
    entity: event.entity,
    caller: event.caller,
    success,
    errorCode: success ? undefined : (event.errorCode ?? String(event.status)),
    bytes: event.requestBytes + event.responseBytes,
  };
}
