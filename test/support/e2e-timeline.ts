/**
 * Reads a customer's timeline as a flow's "List customer activities" with paging on: page after page through the
 * `x-ms-pageable` nextLink, until every activity the play created has been seen.
 */
import type { Designer } from './e2e-designer';
import type { Json } from './e2e-extensions';

/** What the play created: an activity of a source table (found by table and time) or a UnifiedActivity (by id). */
export interface CreatedActivity {
  entityName?: string;
  activityId?: string;
  at: string;
}

export interface TimelineWalk {
  /** Pages read. */
  pages: number;
  /** Created activities never seen. */
  missing: CreatedActivity[];
  /** Pairs of neighbours where the later one is newer ("newest first" broken). */
  outOfOrder: string[];
  /** Position in the timeline of the newest created activity (0 = first). */
  first: number;
}

/** Items per page: small, so the walk must follow nextLink. */
const PAGE_SIZE = 2;
/** Pages beyond what the created activities need before giving up. */
const EXTRA_PAGES = 3;

function matches(item: Json, created: CreatedActivity): boolean {
  if (Date.parse(String(item.activityTime)) !== Date.parse(created.at)) return false;
  return created.activityId ? item.activityId === created.activityId : item.sourceEntity === created.entityName;
}

/** Walks the timeline of `params.customerId` and reports where the created activities are. */
export async function createdActivitiesFound(
  d: Designer,
  params: Json,
  created: CreatedActivity[],
): Promise<TimelineWalk> {
  const items: Json[] = [];
  let pages = 0;
  let reply = await d.call('ListCustomerActivities', { ...params, top: PAGE_SIZE });
  const maxPages = Math.ceil(created.length / PAGE_SIZE) + EXTRA_PAGES;
  for (;;) {
    if (reply.status !== 200) throw new Error(`ListCustomerActivities answered ${reply.status}`);
    pages += 1;
    items.push(...(reply.body.value as Json[]));
    const allSeen = created.every((c) => items.some((i) => matches(i, c)));
    const nextLink = reply.body.nextLink as string | undefined;
    if (allSeen || !nextLink || pages >= maxPages) break;
    reply = await d.nextPage('ListCustomerActivities', nextLink, params);
  }
  const outOfOrder: string[] = [];
  for (let i = 1; i < items.length; i++) {
    if (Date.parse(String(items[i].activityTime)) > Date.parse(String(items[i - 1].activityTime))) {
      outOfOrder.push(`${String(items[i - 1].activityTime)} before ${String(items[i].activityTime)}`);
    }
  }
  const newest = [...created].sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
  return {
    pages,
    missing: created.filter((c) => !items.some((i) => matches(i, c))),
    outOfOrder,
    first: items.findIndex((i) => matches(i, newest)),
  };
}
