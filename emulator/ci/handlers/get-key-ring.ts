/**
 * `GET /instances/{id}/profile/keyring?dataSourceName=&entityName=&key=` (Get-KeyRing): alternate key → CustomerId,
 * plus every alternate key the customer has (docs/customer-insights.md#operations; response `{instanceId, customerId,
 * keyRing}`, entries [I]).
 */
import { requireInstance, type CiHandler } from '../context';
import { CUSTOMER_ID_PATTERN } from '../constants';
import { stringParam } from '../data/query-flags';
import { notFound } from '../errors/ci-error';

export const getKeyRing: CiHandler = (ctx) => {
  const i = requireInstance(ctx);
  const dataSourceName = stringParam(ctx.query, 'dataSourceName', true);
  const entityName = stringParam(ctx.query, 'entityName', true);
  const key = stringParam(ctx.query, 'key', true);
  const links = ctx.store.links(i.instanceId);
  const qualified = entityName.startsWith(`${dataSourceName}_`) ? entityName : `${dataSourceName}_${entityName}`;
  const source = links.sourceProfiles.find((s) => s.entity.name.toLowerCase() === qualified.toLowerCase());
  if (!source) throw notFound(`No source table ${qualified} feeds the key ring.`, 'MetaDataNotFound', 'entityName');
  ctx.usage.entity = source.entity.qualifiedEntityName;
  const customerId = ctx.store.resolveCustomer(i.instanceId, source.customerColumn, key);
  if (!customerId || !CUSTOMER_ID_PATTERN.test(customerId))
    throw notFound(`No customer has ${qualified} key '${key}'.`, 'KeyNotFound', 'key');
  const customer = ctx.store.customer(i.instanceId, customerId) ?? {};
  const keyRing = links.sourceProfiles
    .filter((s) => customer[s.customerColumn] != null)
    .map((s) => ({
      dataSourceName: s.entity.dataSourceName,
      entityName: s.entity.name.slice(s.entity.dataSourceName.length + 1),
      qualifiedEntityName: s.entity.qualifiedEntityName,
      key: String(customer[s.customerColumn]),
    }));
  return { status: 200, body: { instanceId: i.instanceId, customerId, keyRing } };
};
