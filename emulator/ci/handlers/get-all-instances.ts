/**
 * `GET /instances` (Get-all-instances): only the environments the caller holds a role in
 * (docs/customer-insights.md#authentication).
 */
import type { CiHandler } from '../context';
import { instanceInfo } from './instance-view';

export const getAllInstances: CiHandler = (ctx) => ({
  status: 200,
  body: ctx.store
    .instances()
    .filter((i) => i.roles.has(ctx.principal.oid))
    .map(instanceInfo),
});
