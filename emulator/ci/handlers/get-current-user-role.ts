/**
 * `GET /instances/{instanceId}/rbac/myrole` (Get-current-user-role in Microsoft's code model of the CI API): the
 * caller's own RoleAssignment on the instance, `{principalId, principalType, roles, instanceId}` with principalType
 * `user`, `group` or `app`. The pipeline has already refused (403) a principal without a role here.
 */
import { requireInstance, type CiHandler } from '../context';

export const getCurrentUserRole: CiHandler = (ctx) => {
  const i = requireInstance(ctx);
  const role = i.roles.get(ctx.principal.oid);
  return {
    status: 200,
    body: {
      principalId: ctx.principal.oid,
      principalType: ctx.principal.delegated ? 'user' : 'app',
      roles: role ? [role] : [],
      instanceId: i.instanceId,
    },
  };
};
