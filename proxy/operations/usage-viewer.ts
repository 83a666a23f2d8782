/**
 * Who sees whose calls in GetUsage (docs/design.md, "Who sees usage"). The report names callers (UPNs) and their
 * errors, so every caller sees their own calls, and only an environment's Administrators see everybody's. Whether
 * the caller is an Administrator is CI's answer to `GET instances/{id}/rbac/myrole` (the code model's
 * GetCurrentUserRole, answering a RoleAssignment with `roles`), asked with the caller's own identity under
 * on-behalf-of and cached briefly per identity. An app-only caller, or any caller when UPSTREAM_AUTH_MODE=app, would
 * be judged by CI as the proxy itself, which says nothing about the caller: they see their own calls only.
 */
import { callerId } from '../auth/caller';
import { AppError } from '../errors';
import { instancePath } from '../schema/entity-source';
import type { UsageScope } from '../telemetry/usage-report';
import type { OperationContext } from './context';

/** The key of the cached answer in the per-identity role cache (one per instance). */
const MY_ROLE = 'rbac/myrole';
const ADMINISTRATOR = /^admin(istrator)?$/i;

/** The roles of a RoleAssignment body; anything else reads as no role. */
function rolesOf(body: unknown): string[] {
  const roles = (body as { roles?: unknown } | undefined)?.roles;
  return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [];
}

/** Whose calls `ctx.caller` may see in the usage report of `instanceId`. */
export async function usageScope(ctx: OperationContext, instanceId: string): Promise<UsageScope> {
  const own: UsageScope = { callers: 'own', callerId: callerId(ctx.caller) };
  if (!ctx.caller.delegated || ctx.deps.config.upstream.authMode !== 'obo') return own;
  let roles: string[];
  try {
    roles = await ctx.deps.ciRoles.get(instanceId, MY_ROLE, async () => {
      const reply = await ctx.deps.ci.request({
        method: 'GET',
        instanceId,
        path: instancePath(instanceId, 'rbac', 'myrole'),
        caller: ctx.caller,
        operation: ctx.operationId,
      });
      return rolesOf(reply.body);
    });
  } catch (err) {
    // CI does not tell this identity its role here: it is no Administrator. Other failures (CI down, throttling)
    // are reported as they are, rather than quietly narrowing an Administrator's report.
    const status = err instanceof AppError ? err.extra.upstreamStatus : undefined;
    if (status === 403 || status === 404) return own;
    throw err;
  }
  return roles.some((r) => ADMINISTRATOR.test(r)) ? { callers: 'all' } : own;
}
