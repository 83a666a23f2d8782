/**
 * GetUsage: the proxy's own record of calls for one instance (proxy/telemetry). The instance must be one the caller
 * can see in CI, and the report covers every caller only for the environment's Administrators; everyone else sees
 * their own calls (usage-viewer.ts).
 */
import { instanceNotFound } from '../errors';
import { USAGE_DEFAULT_HOURS } from '../limits/constants';
import { instanceVisible } from '../schema/entity-source';
import { buildUsageReport } from '../telemetry/usage-report';
import { stringParam, type OperationHandler } from './context';
import { usageScope } from './usage-viewer';

export const getUsage: OperationHandler = async (ctx) => {
  const instanceId = stringParam(ctx, 'instanceId');
  const hours = typeof ctx.params.hours === 'number' ? ctx.params.hours : USAGE_DEFAULT_HOURS;
  if (!(await instanceVisible(ctx, instanceId))) throw instanceNotFound(instanceId);
  const scope = await usageScope(ctx, instanceId);
  return { status: 200, body: await buildUsageReport(ctx.deps.usage, instanceId, hours, ctx.deps.now(), scope) };
};
