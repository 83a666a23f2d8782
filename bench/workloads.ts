/**
 * The requests of each run. Proxy and direct variants of a read or write carry the same data, so the ratio measures
 * only what the proxy adds: the proxy read is `GetCustomerProfile`, which sends CI the same `GET data/Customer?
 * $filter=CustomerId eq '…'&$top=1` the direct read sends; the proxy write is `CreateActivity`, which sends CI one
 * `POST data/{entity}?validUntil=…` like the direct write.
 */
import { randomUUID } from 'node:crypto';
import { PROD_INSTANCE, type Headers } from './callers';
import type { BenchCustomer } from './customers';
import type { RequestSpec, Workload } from './load';

/** The seeded web store's purchase table (source format, key PurchaseId). */
export const WRITE_ENTITY = 'WebStore_webPurchases';
/** `keepForDays` of proxied writes and the matching `validUntil` of direct ones. */
const KEEP_FOR_DAYS = 7;
const MS_PER_DAY = 86_400_000;
const JSON_HEADERS = { 'content-type': 'application/json' };

const proxyBase = `/api/instances/${PROD_INSTANCE}`;
const directBase = `/v1/instances/${PROD_INSTANCE}`;

/** One GetCustomerProfile call through the proxy. */
export function proxyRead(customer: BenchCustomer, caller: Headers): RequestSpec {
  return { method: 'GET', path: `${proxyBase}/profiles/${encodeURIComponent(customer.customerId)}`, headers: caller };
}

/** The same profile read straight at CI. */
export function directRead(customer: BenchCustomer, direct: Headers): RequestSpec {
  const filter = encodeURIComponent(`CustomerId eq '${customer.customerId.replace(/'/g, "''")}'`);
  return { method: 'GET', path: `${directBase}/data/Customer?$filter=${filter}&$top=1`, headers: direct };
}

function webPurchase(customer: BenchCustomer, purchaseId: string, purchasedOn: string): Record<string, unknown> {
  return { PurchaseId: purchaseId, WebCustomerId: customer.webCustomerId, PurchasedOn: purchasedOn, Currency: 'EUR' };
}

/** One CreateActivity call through the proxy (a new purchase unless `idempotencyKey` repeats an earlier call). */
export function proxyWrite(
  customer: BenchCustomer,
  caller: Headers,
  purchaseId: string,
  purchasedOn: string,
  idempotencyKey?: string,
): RequestSpec {
  return {
    method: 'POST',
    path: `${proxyBase}/activities/${WRITE_ENTITY}?keepForDays=${KEEP_FOR_DAYS}`,
    headers: { ...caller, ...JSON_HEADERS, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    body: JSON.stringify({ ...webPurchase(customer, purchaseId, purchasedOn), TotalAmount: '49.90' }),
  };
}

/** The same write straight at CI's real-time endpoint (the record as the proxy reshapes it: amounts are numbers). */
export function directWrite(customer: BenchCustomer, direct: Headers, purchaseId: string, now: number): RequestSpec {
  const validUntil = new Date(now + KEEP_FOR_DAYS * MS_PER_DAY).toISOString();
  return {
    method: 'POST',
    path: `${directBase}/data/${WRITE_ENTITY}?validUntil=${encodeURIComponent(validUntil)}&caller=bench`,
    headers: { ...direct, ...JSON_HEADERS },
    body: JSON.stringify({ ...webPurchase(customer, purchaseId, new Date(now).toISOString()), TotalAmount: 49.9 }),
  };
}

/** Round-robin over a list. */
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length];

/** Reads spread over customers by one caller, through the proxy or direct. */
export function readWorkload(customers: BenchCustomer[], headers: Headers, via: 'proxy' | 'direct'): Workload {
  return (n) => (via === 'proxy' ? proxyRead : directRead)(pick(customers, n), headers);
}

/** New purchases (fresh PurchaseId each) spread over web customers, through the proxy or direct. */
export function writeWorkload(webCustomers: BenchCustomer[], headers: Headers, via: 'proxy' | 'direct'): Workload {
  return (n) => {
    const customer = pick(webCustomers, n);
    const now = Date.now();
    return via === 'proxy'
      ? proxyWrite(customer, headers, randomUUID(), new Date(now).toISOString())
      : directWrite(customer, headers, randomUUID(), now);
  };
}

/** New purchases through the proxy, each under a fresh Idempotency-Key (so each writes an idempotency record). */
export function keyedWriteWorkload(webCustomers: BenchCustomer[], headers: Headers): Workload {
  return (n) =>
    proxyWrite(pick(webCustomers, n), headers, randomUUID(), new Date().toISOString(), `bench-${randomUUID()}`);
}

/** Reads by several callers in turn (the token-economy run). */
export function multiCallerReads(customers: BenchCustomer[], callers: Headers[]): Workload {
  return (n) => proxyRead(pick(customers, n), pick(callers, n));
}

/**
 * The memory run: even calls write under one of `keys` idempotency keys (each key always with the same caller,
 * customer and body, so its first call writes and later ones replay), odd calls read a profile, cycling through
 * every customer.
 */
export function memoryWorkload(
  customers: BenchCustomer[],
  webCustomers: BenchCustomer[],
  callers: Headers[],
  keys: number,
): Workload {
  const runId = randomUUID().slice(0, 8);
  const purchasedOn = new Date().toISOString();
  return (n) => {
    const i = n >> 1;
    if (n % 2 === 1) return proxyRead(pick(customers, i), pick(callers, i));
    const k = i % keys;
    const purchaseId = `${runId}-0000-4000-8000-${k.toString(16).padStart(12, '0')}`;
    return proxyWrite(pick(webCustomers, k), pick(callers, k), purchaseId, purchasedOn, `bench-${runId}-${k}`);
  };
}
