/**
 * What a maker already knows about their own Customer Insights data, read from the emulator's CI API over HTTP (as
 * the CI portal would show it): a seeded customer with a key in every source system, and what CI received
 * (`GET /_emulator/requests`, design.md §3), to see which identity the proxy used upstream.
 */
import { requestAppToken } from '../../emulator/entra/dev-tokens';
import { CI_RESOURCE, INSTANCES, PROXY_APP } from '../../emulator/well-known';
import type { Json } from './e2e-extensions';

/** The Customer columns that hold each source system's customer key (the emulator's built-in model). */
export const CUSTOMER_KEY_COLUMNS = [
  'WebStore_webCustomers_WebCustomerId',
  'PoS_posCustomers_CustomerNumber',
  'Website_siteMembers_MemberId',
] as const;

/**
 * Which field of each activity table carries the customer's key, and which Customer column holds that key: the
 * maker's knowledge of their own data sources (the swagger and the served schemas do not say it).
 */
export const CUSTOMER_LINKS: Record<string, { field: string; column: string }> = {
  WebStore_webPurchases: { field: 'WebCustomerId', column: 'WebStore_webCustomers_WebCustomerId' },
  PoS_posPurchases: { field: 'CustomerNumber', column: 'PoS_posCustomers_CustomerNumber' },
  Website_siteVisits: { field: 'MemberId', column: 'Website_siteMembers_MemberId' },
  UnifiedActivity: { field: 'CustomerId', column: 'CustomerId' },
};

/** The n-th (0-based) seeded production customer with an email and a key in every source system. */
export async function seededCustomer(ciUrl: string, entraUrl: string, index: number): Promise<Json> {
  const token = await requestAppToken(entraUrl, PROXY_APP, CI_RESOURCE);
  const filter = [...CUSTOMER_KEY_COLUMNS, 'EMail'].map((c) => `${c} ne null`).join(' and ');
  const query = new URLSearchParams({ $filter: filter, $orderby: 'CustomerId', $top: '1', $skip: String(index) });
  const url = `${ciUrl}/v1/instances/${INSTANCES.production.instanceId}/data/Customer?${query.toString()}`;
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, 'ocp-apim-subscription-key': INSTANCES.production.primaryKey },
  });
  const body = (await res.json()) as { value?: Json[] };
  if (res.status !== 200 || !body.value?.[0]) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(body)}`);
  return body.value[0];
}

export interface CiLoggedRequest {
  method: string;
  path: string;
  query: Json;
  principal?: string;
  caller?: string;
  status?: number;
}

/** What the CI emulator received so far. */
export async function ciRequests(ciUrl: string): Promise<CiLoggedRequest[]> {
  const res = await fetch(`${ciUrl}/_emulator/requests`);
  const body = (await res.json()) as { value?: CiLoggedRequest[] };
  if (!Array.isArray(body.value)) throw new Error(`${ciUrl}/_emulator/requests has no value array`);
  return body.value;
}

export interface EntraLoggedRequest {
  grant?: string;
  clientId?: string;
  resource?: string;
  status: number;
}

/** The token requests the Entra stand-in answered so far (design.md §2, `GET /_emulator/requests`). */
export async function entraRequests(entraUrl: string): Promise<EntraLoggedRequest[]> {
  const res = await fetch(`${entraUrl}/_emulator/requests`);
  const body = (await res.json()) as { value?: EntraLoggedRequest[] };
  if (!Array.isArray(body.value)) throw new Error(`${entraUrl}/_emulator/requests has no value array`);
  return body.value;
}
