/**
 * Fault injection for tests (docs/design.md §3): the next N requests matching method / path substring / instance get
 * a 429/500/503 (with `Retry-After`), a delay, a hang, or a reset connection, instead of (or before) normal handling.
 */
import { z } from 'zod';

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
  ]),
});

export type FaultRule = z.infer<typeof faultRuleSchema>;
export type Fault = FaultRule['fault'];

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
