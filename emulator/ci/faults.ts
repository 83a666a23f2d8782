/**
 * Fault injection for tests (docs/design.md §3): the next N requests matching method / path substring / instance get
 * a 429/500/503 (with `Retry-After`), a delay, a hang, or a reset connection, instead of (or before) normal handling;
 * or, with `lose-response`, normal handling (stored, counted in usage) whose answer never reaches the caller.
 */
import { z } from 'zod';
import { FAULT_RETRY_AFTER_DEFAULT_SECONDS } from './constants';
import { CiError } from './errors/ci-error';

export const faultRuleSchema = z.strictObject({
  match: z
    .strictObject({
      method: z.string().min(1).optional(),
      path: z.string().min(1).optional(),
      instanceId: z.string().min(1).optional(),
    })
    .default({}),
  count: z.number().int().min(1).max(1_000_000).default(1),
  fault: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('status'),
      status: z.union([z.literal(429), z.literal(500), z.literal(503)]),
      retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
    }),
    z.strictObject({ kind: z.literal('delay'), ms: z.number().int().min(0).max(600_000) }),
    z.strictObject({ kind: z.literal('hang') }),
    z.strictObject({ kind: z.literal('reset') }),
    // A write CI committed whose answer is lost on the way back (timeout or reset after the commit): the caller cannot
    // tell it from a request that never arrived, which is what makes retrying a create ambiguous.
    z.strictObject({ kind: z.literal('lose-response'), then: z.enum(['reset', 'hang']) }),
  ]),
});

export type FaultRule = z.infer<typeof faultRuleSchema>;
export type Fault = FaultRule['fault'];
/** What happens to a processed request's answer under `lose-response`. */
export type LostResponse = Extract<Fault, { kind: 'lose-response' }>['then'];

/** The error an injected status fault answers with. */
export function statusFaultError(fault: Extract<Fault, { kind: 'status' }>): CiError {
  const retryAfter = String(fault.retryAfterSeconds ?? FAULT_RETRY_AFTER_DEFAULT_SECONDS);
  const headers: Record<string, string> = fault.status === 500 ? {} : { 'Retry-After': retryAfter };
  // Throttling is APIM's job, so 429 carries APIM's body; 500/503 come from the service in the route's shape.
  if (fault.status === 429)
    return new CiError(
      429,
      'TooManyRequests',
      `Rate limit is exceeded. Try again in ${retryAfter} seconds.`,
      undefined,
      headers,
      'apim',
    );
  return fault.status === 503
    ? new CiError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.', undefined, headers)
    : new CiError(500, 'InternalServerError', 'An internal error occurred.', undefined, headers);
}

interface ArmedRule extends FaultRule {
  remaining: number;
}

export interface FaultInjector {
  arm(rule: FaultRule): void;
  /** The fault for this request, consuming one use of the first matching rule. */
  take(request: { method: string; path: string; instanceId?: string }): Fault | undefined;
  /** Remaining rules (for GET /_emulator/faults). */
  list(): { match: FaultRule['match']; fault: Fault; remaining: number }[];
  /** Disarms every rule and runs the release callbacks of hung requests. */
  clear(): void;
  /** Registers how to end a hung request when faults are cleared or the server closes. */
  onClear(release: () => void): void;
}

/** An empty injector. */
export function createFaultInjector(): FaultInjector {
  let rules: ArmedRule[] = [];
  let releases: (() => void)[] = [];
  return {
    arm: (rule) => void rules.push({ ...rule, remaining: rule.count }),
    take({ method, path, instanceId }) {
      const rule = rules.find(
        (r) =>
          (!r.match.method || r.match.method.toUpperCase() === method.toUpperCase()) &&
          (!r.match.path || path.includes(r.match.path)) &&
          (!r.match.instanceId || r.match.instanceId.toLowerCase() === instanceId?.toLowerCase()),
      );
      if (!rule) return undefined;
      rule.remaining -= 1;
      if (rule.remaining <= 0) rules = rules.filter((r) => r !== rule);
      return rule.fault;
    },
    list: () => rules.map((r) => ({ match: r.match, fault: r.fault, remaining: r.remaining })),
    clear() {
      rules = [];
      const pending = releases;
      releases = [];
      for (const release of pending) release();
    },
    onClear: (release) => void releases.push(release),
  };
}
