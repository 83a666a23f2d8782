/** Role assignments of the well-known principals per instance (docs/design.md §1). */
import { INSTANCES, PROXY_APP, PROXY_MANAGED_IDENTITY, USERS } from '../../well-known';
import type { CiRole } from '../persistence/ci-store';

/**
 * Roles that may use the real-time write APIs (docs/customer-insights.md#authentication: Contributor or Administrator).
 */
export const WRITER_ROLES: ReadonlySet<CiRole> = new Set(['Administrator', 'Contributor']);

/** principal oid → role, for one of the two well-known instances. */
export function roleAssignments(instance: keyof typeof INSTANCES): Map<string, CiRole> {
  const roles = new Map<string, CiRole>([
    [USERS.alice.oid, 'Administrator'],
    [PROXY_APP.objectId, 'Contributor'],
    [PROXY_MANAGED_IDENTITY.objectId, 'Contributor'],
  ]);
  if (instance === 'production') {
    roles.set(USERS.bob.oid, 'Contributor');
    roles.set(USERS.rita.oid, 'Viewer');
  }
  return roles;
}
