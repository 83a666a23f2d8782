/** ListInstances: the CI environments the caller (OBO) or the proxy (app-only) can see, for the instance picker. */
import { instanceList } from '../schema/entity-source';
import type { OperationHandler } from './context';

export const listInstances: OperationHandler = async (ctx) => {
  const reply = await ctx.deps.ci.request({
    method: 'GET',
    path: 'instances',
    caller: ctx.caller,
    operation: ctx.operationId,
  });
  const value = instanceList(reply.body)
    .filter((i) => typeof i.instanceId === 'string')
    .map((i) => ({
      instanceId: String(i.instanceId),
      name: typeof i.name === 'string' && i.name ? i.name : String(i.instanceId),
      ...(typeof i.instanceType === 'string' ? { instanceType: i.instanceType } : {}),
    }));
  return { status: 200, body: { value } };
};
