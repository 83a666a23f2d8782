/** ListInstances: the CI environments the caller (OBO) or the proxy (app-only) can see, for the instance picker. */
import type { OperationHandler } from './context';

/** Accepts CI's bare `InstanceInfo[]` and an OData-style `{value: [...]}` alike. */
export function instanceList(body: unknown): Record<string, unknown>[] {
  const list = Array.isArray(body) ? body : (body as { value?: unknown } | undefined)?.value;
  return Array.isArray(list)
    ? list.filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null)
    : [];
}

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
