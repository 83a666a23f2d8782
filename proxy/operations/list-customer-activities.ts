/**
 * ListCustomerActivities: a customer's timeline, newest first (`GET data/UnifiedActivity?$filter=CustomerId eq '…'
 * &$orderby=ActivityTime desc&$top=&$skip=`, docs/customer-insights.md#reads). Paging follows `x-ms-pageable`: `nextLink`
 * is this operation's absolute URL with an opaque `skipToken`. An empty first page for a Customer ID no profile has is
 * 404 ProfileNotFound, not an empty timeline: a wrong id (often a source system's key) must not look like "no activity".
 */
import { invalidField } from '../errors';
import { CUSTOMER_ID_ATTRIBUTE, LIST_DEFAULT_TOP, UNIFIED_ACTIVITY_ENTITY } from '../limits/constants';
import { odataString } from '../reshape/odata-literal';
import { timelineActivityOut } from '../reshape/record-out';
import { instancePath } from '../schema/entity-source';
import { stringParam, type OperationContext, type OperationHandler } from './context';
import { customerExists, customerNotFound } from './customer-lookup';

const SKIP_TOKEN_VERSION = 1;

/** Encodes the paging position; opaque to callers so the paging scheme can change. */
export function encodeSkipToken(skip: number): string {
  return Buffer.from(JSON.stringify({ v: SKIP_TOKEN_VERSION, s: skip })).toString('base64url');
}

/** Decodes a skip token; InvalidField naming `query.skipToken` when it was not made by `encodeSkipToken`. */
export function decodeSkipToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: unknown; s?: unknown };
    if (parsed.v === SKIP_TOKEN_VERSION && Number.isSafeInteger(parsed.s) && (parsed.s as number) >= 0) {
      return parsed.s as number;
    }
  } catch {
    // fall through to the error below
  }
  throw invalidField('query.skipToken', 'query.skipToken is not a token from a previous page; start again without it.');
}

function nextLink(ctx: OperationContext, top: number, skip: number): string {
  const query = new URLSearchParams();
  if (typeof ctx.params.activityType === 'string') query.set('activityType', ctx.params.activityType);
  query.set('top', String(top));
  query.set('skipToken', encodeSkipToken(skip));
  return `${ctx.selfUrl}?${query.toString()}`;
}

export const listCustomerActivities: OperationHandler = async (ctx) => {
  const instanceId = stringParam(ctx, 'instanceId');
  const customerId = stringParam(ctx, 'customerId');
  const top = typeof ctx.params.top === 'number' ? ctx.params.top : LIST_DEFAULT_TOP;
  const skip = typeof ctx.params.skipToken === 'string' ? decodeSkipToken(ctx.params.skipToken) : 0;
  let filter = `${CUSTOMER_ID_ATTRIBUTE} eq ${odataString(customerId)}`;
  if (typeof ctx.params.activityType === 'string')
    filter += ` and ActivityType eq ${odataString(ctx.params.activityType)}`;
  const reply = await ctx.deps.ci.request({
    method: 'GET',
    instanceId,
    path: instancePath(instanceId, 'data', UNIFIED_ACTIVITY_ENTITY),
    // No `$count`: the code model declares no such option, so `@odata.count` may never come (see `more` below).
    query: { $filter: filter, $orderby: 'ActivityTime desc', $top: String(top), $skip: String(skip) },
    caller: ctx.caller,
    operation: ctx.operationId,
    entity: UNIFIED_ACTIVITY_ENTITY,
  });
  const body = (reply.body ?? {}) as { value?: unknown; '@odata.count'?: unknown; '@odata.nextLink'?: unknown };
  const rows = Array.isArray(body.value) ? body.value.filter((r) => typeof r === 'object' && r !== null) : [];
  const value = rows.map((r) => timelineActivityOut(r as Record<string, unknown>));
  const count = typeof body['@odata.count'] === 'number' ? body['@odata.count'] : undefined;
  // Only an empty first page costs the extra check; a non-empty one proves the customer exists.
  if (rows.length === 0 && skip === 0 && !(await customerExists(ctx, instanceId, customerId))) {
    throw customerNotFound(customerId);
  }
  // Without a count: CI's own next page, or a full page (the last full page then leads to an empty one).
  const more =
    count !== undefined
      ? skip + rows.length < count
      : typeof body['@odata.nextLink'] === 'string' || rows.length === top;
  return {
    status: 200,
    body: more && rows.length > 0 ? { value, nextLink: nextLink(ctx, top, skip + rows.length) } : { value },
  };
};
