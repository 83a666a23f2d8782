/**
 * `POST /instances/{id}/data/{entityName}` (Create-an-entity, preview): one real-time activity record, in the source
 * format of an activity table or in the UnifiedActivity format (docs/customer-insights.md#real-time-writes;
 * emulator/FIDELITY.md). Source records are projected into the customer's UnifiedActivity timeline at once; nothing is
 * ever updated.
 */
import { requireInstance, type CiHandler } from '../context';
import { ACTIVITY_TTL_DEFAULT_DAYS, CUSTOMER_ID_ATTRIBUTE, MS_PER_DAY } from '../constants';
import { keyNames } from '../entity-model';
import { callerParam, stringParam } from '../data/query-flags';
import { validateNewRecord } from '../data/record-validation';
import { projectActivity, type Row } from '../data/unified-activity';
import { parseValidUntil } from '../data/valid-until';
import { badRequest, CiError } from '../errors/ci-error';
import { keyLiteral } from '../data/key-segment';

export const createAnEntity: CiHandler = (ctx) => {
  const i = requireInstance(ctx);
  const now = ctx.clock.now();
  const links = ctx.store.links(i.instanceId);
  const entity = ctx.store.entities(i.instanceId).find((e) => e.name === ctx.params.entityName);
  if (!entity)
    throw badRequest(
      `Entity '${ctx.params.entityName}' does not exist in this environment.`,
      'entityName',
      'EntityNotFound',
    );
  ctx.usage.entity = entity.qualifiedEntityName;
  const isUnified = entity === links.unifiedActivity;
  const link = links.activities.find((a) => a.entity === entity);
  if (!isUnified && entity.entityType !== 'activity') {
    throw badRequest(
      `'${entity.name}' is a ${entity.entityType} table: real-time records can only be posted to activity tables or UnifiedActivity.`,
      'entityName',
      'EntityNotActivity',
    );
  }
  const caller = callerParam(ctx.query, ctx.principal.oid);
  ctx.usage.caller = caller;
  const validUntilMs = parseValidUntil(
    stringParam(ctx.query, 'validUntil'),
    now,
    ACTIVITY_TTL_DEFAULT_DAYS * MS_PER_DAY,
  );
  const record = validateNewRecord(entity, ctx.body);
  const [keyName] = keyNames(entity);
  let unified: Row | undefined;
  if (isUnified) {
    const customerId = String(record[CUSTOMER_ID_ATTRIBUTE]);
    if (!ctx.store.customer(i.instanceId, customerId))
      throw badRequest(`Customer '${customerId}' does not exist.`, CUSTOMER_ID_ATTRIBUTE, 'CustomerNotFound');
    unified = record;
  } else if (link) {
    // Unresolvable foreign keys are accepted (the source may learn the customer later) but stay off the timeline.
    const customerId = ctx.store.resolveCustomer(i.instanceId, link.customerColumn, record[link.foreignKey]);
    if (customerId) unified = projectActivity(link, record, customerId, links.unifiedActivity);
  }
  const stored = ctx.store.insertActivity(i.instanceId, {
    entityName: entity.name,
    key: String(record[keyName]),
    record,
    unified,
    createdAtMs: now,
    validUntilMs,
    caller,
  });
  if (!stored) {
    throw new CiError(
      409,
      'Conflict',
      `A ${entity.name} record with ${keyName} ${JSON.stringify(record[keyName])} already exists; activities cannot be changed.`,
      keyName,
    );
  }
  const location = `${ctx.baseUrl}/instances/${i.instanceId}/data/${entity.name}(${keyLiteral(entity, record[keyName])})`;
  return { status: 201, headers: { Location: location }, body: record };
};
