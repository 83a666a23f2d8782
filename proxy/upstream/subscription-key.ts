/**
 * Which APIM subscription key goes with a call (docs/customer-insights.md#authentication: keys per CI environment). An
 * environment's own key (CI_SUBSCRIPTION_KEYS by instance id) first; else, for callers of the proxy's home tenant,
 * CI_SUBSCRIPTION_KEY. Callers of another allowed tenant work in their own tenant's environments, so the home key is
 * never sent for them: their tenant's key (CI_SUBSCRIPTION_KEYS by tenant id) or a 403.
 */
import type { Caller } from '../auth/caller';
import type { ProxyConfig } from '../config';
import { callerNotAllowed } from '../errors';

/** The key for a call about `instanceId` (if any) made for `caller`; throws CallerNotAllowed when there is none. */
export function subscriptionKeyFor(config: ProxyConfig, caller: Caller, instanceId: string | undefined): string {
  const keys = config.upstream.subscriptionKeys;
  const own = instanceId?.toLowerCase();
  if (own && Object.hasOwn(keys, own)) return keys[own];
  if (caller.tenantId === config.entra.tenantId) return config.upstream.subscriptionKey;
  if (Object.hasOwn(keys, caller.tenantId)) return keys[caller.tenantId];
  throw callerNotAllowed(
    `No Customer Insights subscription key is configured for tenant ${caller.tenantId}; the operator must add ` +
      'its key to CI_SUBSCRIPTION_KEYS before its users can call through this proxy.',
  );
}
