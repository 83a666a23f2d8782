/**
 * `PATCH /instances/{id}/data/{entityName}/{entityId}` (Update-an-entity, preview): real-time profile update of one
 * existing Customer (docs/customer-insights.md#real-time-writes): the supplied attributes override the batch values
 * until `validUntil` (default 4 h). Profiles are never created here (404), activities never change (400), keys and
 * ReadOnly attributes are refused.
 */
import { requireInstance, type CiHandler } from '../context';
import { CUSTOMER_ID_PATTERN, MS_PER_HOUR, PROFILE_OVERRIDE_DEFAULT_HOURS } from '../constants';
import { callerParam, stringParam } from '../data/query-flags';
import { validateChanges } from '../data/record-validation';
import { parseValidUntil } from '../data/valid-until';
import { badRequest, notFound } from '../errors/ci-error';

export const updateAnEntity: CiHandler = (ctx) => {
  const i = requireInstance(ctx);
  const now = ctx.clock.now();
  const links = ctx.store.links(i.instanceId);
  const entity = ctx.store.entities(i.instanceId).find((e) => e.name === ctx.params.entityName);
  if (!entity)
    throw notFound(
      `Entity '${ctx.params.entityName}' does not exist in this environment.`,
      'EntityNotFound',
      'entityName',
    );
  ctx.usage.entity = entity.qualifiedEntityName;
  if (entity !== links.customer) {
    const why =
      entity.entityType === 'activity' || entity === links.unifiedActivity
        ? 'activities cannot be changed after creation'
        : `only ${links.customer.name} profiles can be updated in real time`;
    throw badRequest(`'${entity.name}' cannot be updated: ${why}.`, 'entityName', 'EntityNotUpdatable');
  }
  const customerId = ctx.params.entityId;
  if (!CUSTOMER_ID_PATTERN.test(customerId))
    throw badRequest(
      `'${customerId}' is not a CustomerId (32 lowercase hex characters).`,
      'entityId',
      'InvalidEntityId',
    );
  const caller = callerParam(ctx.query, ctx.principal.oid);
  ctx.usage.caller = caller;
  const validUntilMs = parseValidUntil(
    stringParam(ctx.query, 'validUntil'),
    now,
    PROFILE_OVERRIDE_DEFAULT_HOURS * MS_PER_HOUR,
  );
  const changes = validateChanges(entity, ctx.body);
  // Alternate-key columns come from unification (docs/customer-insights.md#unified-customer), even when captured
  // metadata does not mark them ReadOnly; changing one would re-point the key ring at the wrong customer.
  const alternateKey = links.sourceProfiles.find((s) => s.customerColumn in changes);
  if (alternateKey)
    throw badRequest(
      `'${alternateKey.customerColumn}' is an alternate key of ${entity.name} and cannot be changed.`,
      alternateKey.customerColumn,
      'KeyAttributeNotUpdatable',
    );
  if (!ctx.store.customer(i.instanceId, customerId))
    throw notFound(
      `Customer '${customerId}' does not exist; profiles are never created in real time.`,
      'CustomerNotFound',
      'entityId',
    );
  ctx.store.setOverrides(i.instanceId, customerId, changes, { validUntilMs, setAtMs: now, caller });
  return { status: 204 };
};
