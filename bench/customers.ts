/**
 * The seeded customers the workloads spread over, read straight from the CI emulator with OData paging
 * (`@odata.nextLink`, docs/customer-insights.md#reads), so reads and writes hit many distinct profiles.
 */
import { PROD_INSTANCE, type Headers } from './callers';
import { CUSTOMERS_MAX } from './constants';

export interface BenchCustomer {
  customerId: string;
  /** The web store's customer key, set for customers who have a web store profile (needed for web purchases). */
  webCustomerId?: string;
}

/** The Customer column that holds the web store key (as scripts/local-stack.ts uses it). */
const WEB_KEY_COLUMN = 'WebStore_webCustomers_WebCustomerId';

/** Reads up to CUSTOMERS_MAX customers; throws when CI answers anything but 200. */
export async function loadCustomers(ciUrl: string, headers: Headers): Promise<BenchCustomer[]> {
  const select = encodeURIComponent(`CustomerId,${WEB_KEY_COLUMN}`);
  let next: string | undefined = `${ciUrl}/v1/instances/${PROD_INSTANCE}/data/Customer?$select=${select}`;
  const customers: BenchCustomer[] = [];
  while (next && customers.length < CUSTOMERS_MAX) {
    const res = await fetch(next, { headers });
    if (res.status !== 200) throw new Error(`reading customers from CI: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as { value: Record<string, unknown>[]; '@odata.nextLink'?: string };
    for (const row of page.value) {
      const web = row[WEB_KEY_COLUMN];
      customers.push({
        customerId: String(row.CustomerId),
        ...(typeof web === 'string' && web ? { webCustomerId: web } : {}),
      });
    }
    next = page['@odata.nextLink'];
  }
  if (!customers.some((c) => c.webCustomerId)) throw new Error(`no seeded customer has ${WEB_KEY_COLUMN}`);
  return customers;
}
