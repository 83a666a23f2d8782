/**
 * `GET /instances/{id}/data/{relativePath}` (Get-entities-with-OData-path): the OData subset of
 * docs/customer-insights.md#reads over the rows as of now (overlays applied, expired real-time data gone), 100 rows a
 * page with `@odata.nextLink`. CI's limits (same section): `$filter` only on tables CI creates; `$search` on Customer
 * or with `forceSearch`.
 */
import { requireInstance, type CiHandler } from '../context';
import { CUSTOMER_ENTITY, ODATA_PAGE_SIZE_ROWS, SYSTEM_DATA_SOURCE } from '../constants';
import type { EntityMetadata } from '../entity-model';
import { effectiveRows } from '../data/effective-rows';
import { keyAttribute, parseRelativePath } from '../data/key-segment';
import { applyExpand } from '../data/odata-expand';
import { decodeSkipToken, nextLink } from '../data/odata-paging';
import { booleanParam, stringParam } from '../data/query-flags';
import { badRequest, notFound } from '../errors/ci-error';
import { ODataQueryError, parseQuery, runQuery, type ParsedQuery } from '../odata';

const KNOWN_OPTIONS = new Set([
  '$filter',
  '$select',
  '$orderby',
  '$top',
  '$skip',
  '$count',
  '$search',
  '$expand',
  '$skiptoken',
]);

function searchableOf(entity: EntityMetadata, forceSearch: boolean): string[] {
  const marked = entity.attributes.filter((a) => a.searchProperties?.isSearchable).map((a) => a.name);
  if (marked.length || !forceSearch) return marked;
  return entity.attributes.filter((a) => a.dataType === 'Edm.String').map((a) => a.name);
}

function parse(ctx: Parameters<CiHandler>[0], entity: EntityMetadata, forceSearch: boolean): ParsedQuery {
  const q = (name: string) => stringParam(ctx.query, name);
  const skiptoken = ctx.query.$skiptoken;
  try {
    return parseQuery(
      {
        filter: q('$filter'),
        select: q('$select'),
        orderby: q('$orderby'),
        top: q('$top'),
        count: q('$count'),
        search: q('$search'),
        expand: q('$expand'),
        skip: skiptoken !== undefined ? String(decodeSkipToken(skiptoken)) : q('$skip'),
      },
      { attributes: entity.attributes, searchable: searchableOf(entity, forceSearch) },
    );
  } catch (e) {
    if (e instanceof ODataQueryError) throw badRequest(e.message, e.target, 'InvalidQuery');
    throw e;
  }
}

export const getEntitiesWithODataPath: CiHandler = (ctx) => {
  const i = requireInstance(ctx);
  const now = ctx.clock.now();
  const { entityName, key } = parseRelativePath(ctx.params.relativePath);
  const entity = ctx.store.entities(i.instanceId).find((e) => e.name === entityName);
  if (!entity)
    throw notFound(`Entity set '${entityName}' does not exist in this environment.`, 'EntityNotFound', 'relativePath');
  ctx.usage.entity = entity.qualifiedEntityName;
  for (const name of Object.keys(ctx.query)) {
    if (name.startsWith('$') && !KNOWN_OPTIONS.has(name))
      throw badRequest(`Query option '${name}' is not supported.`, name, 'InvalidQuery');
  }
  const forceSearch = booleanParam(ctx.query, 'forceSearch');
  const contextUrl = `${ctx.baseUrl}/instances/${i.instanceId}/data/$metadata#${entity.name}`;
  if (booleanParam(ctx.query, 'proxy')) {
    const origin = ctx.baseUrl.replace(/\/(v1|api)$/, '');
    return {
      status: 200,
      body: {
        httpRequests: [{ uri: `${origin}/_emulator/partitions/${i.instanceId}/${entity.name}.csv`, headers: {} }],
      },
    };
  }
  if (ctx.query.$filter !== undefined && entity.dataSourceName !== SYSTEM_DATA_SOURCE) {
    throw badRequest(
      `$filter is supported only on tables Customer Insights creates, not on the ingested source table ${entity.name}.`,
      '$filter',
      'FilterNotSupported',
    );
  }
  if (ctx.query.$search !== undefined && !forceSearch && entity.name !== CUSTOMER_ENTITY) {
    throw badRequest(`$search on ${entity.name} needs forceSearch=true.`, '$search', 'SearchNotSupported');
  }
  const query = parse(ctx, entity, forceSearch);
  let rows = effectiveRows(ctx.store, i.instanceId, entity, now);
  if (key !== undefined) {
    const keyName = keyAttribute(entity);
    const row = rows.find((r) => String(r[keyName]) === key);
    if (!row) throw notFound(`${entity.name}(${key}) does not exist.`, 'RecordNotFound', 'relativePath');
    const [one] = applyExpand(
      ctx.store,
      i.instanceId,
      entity,
      query.expand,
      runQuery([row], { ...query, skip: 0, top: undefined }).value,
      now,
    );
    return { status: 200, body: { '@odata.context': `${contextUrl}/$entity`, ...one } };
  }
  const result = runQuery(rows, query, { pageSize: ODATA_PAGE_SIZE_ROWS });
  rows = applyExpand(ctx.store, i.instanceId, entity, query.expand, result.value, now);
  const self = `${ctx.baseUrl}/instances/${i.instanceId}/data/${entity.name}`;
  return {
    status: 200,
    body: {
      '@odata.context': query.select ? `${contextUrl}(${query.select.join(',')})` : contextUrl,
      ...(result.count !== undefined ? { '@odata.count': result.count } : {}),
      value: rows,
      ...(result.nextSkip !== undefined
        ? { '@odata.nextLink': nextLink(self, ctx.query, result.nextSkip, result.nextSkip - query.skip) }
        : {}),
    },
  };
};
