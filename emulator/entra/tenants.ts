import { OTHER_TENANT_ID, TENANT_ID } from '../well-known';
import { tenantNotFound } from './errors';

/** Tenants that exist in the stand-in's world. */
export const KNOWN_TENANTS: readonly string[] = [TENANT_ID, OTHER_TENANT_ID];

/** Tenant aliases Entra accepts in URLs instead of a tenant id. */
const ALIASES = ['common', 'organizations'];

/** The tenant a URL segment names: a known GUID, or `undefined` for `common`/`organizations`; unknown → AADSTS90002. */
export function resolveTenant(segment: string): string | undefined {
  const lower = segment.toLowerCase();
  if (ALIASES.includes(lower)) return undefined;
  const known = KNOWN_TENANTS.find((t) => t === lower);
  if (!known) throw tenantNotFound(segment);
  return known;
}
