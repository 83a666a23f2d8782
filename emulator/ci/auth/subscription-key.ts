/**
 * APIM's subscription-key gate (docs/customer-insights.md#authentication): every call needs `Ocp-Apim-Subscription-Key`
 * with an environment's primary or secondary key; instance routes need a key of that environment.
 */
import { apimDenied } from '../errors/ci-error';
import type { InstanceRecord } from '../persistence/ci-store';

export const SUBSCRIPTION_KEY_HEADER = 'ocp-apim-subscription-key';

/** The instances the key opens; throws APIM's 401 when the header is missing or the key unknown. */
export function checkSubscriptionKey(
  header: string | string[] | undefined,
  instances: readonly InstanceRecord[],
): InstanceRecord[] {
  const key = Array.isArray(header) ? header[0] : header;
  if (!key) {
    throw apimDenied(
      'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.',
    );
  }
  const opened = instances.filter((i) => i.primaryKey === key || i.secondaryKey === key);
  if (opened.length === 0) {
    throw apimDenied(
      'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
    );
  }
  return opened;
}
