/**
 * ISO 8601 forms the coercion gets wrong (found by the fuzz suites; kept as skipped tests until fixed): a date-time
 * must be stored as the instant it names or refused naming the field, never silently turned into another instant.
 */
import { randomInt } from 'node:crypto';
import request from 'supertest';
import { PROD, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

let stack: OpsStack;

beforeAll(async () => {
  stack = await startOpsStack();
});
afterAll(() => stack?.close());

/** Creates a site visit starting at `visitStart`; returns the status and what CI holds (undefined when refused). */
async function storeVisitStart(visitStart: string): Promise<{ status: number; held?: unknown; target?: string }> {
  const VisitId = `edge-${randomInt(1, 2 ** 40)}`;
  const res = await request(stack.proxy.url)
    .post(`/api/instances/${PROD}/activities/Website_siteVisits`)
    .set('Authorization', stack.auth.alice)
    .send({ VisitId, MemberId: 'MI-0000001', VisitStart: visitStart });
  const held = stack.emu.ci.store
    .realtimeActivities(PROD, 'Website_siteVisits', stack.emu.clock.now())
    .find((a) => a.record.VisitId === VisitId)?.record.VisitStart;
  return { status: res.status, held, target: res.body?.error?.target };
}

test('an ordinary offset date-time is stored as its UTC instant (control)', async () => {
  expect(await storeVisitStart('2025-05-05T10:30:00+02:00')).toEqual({
    status: 201,
    held: '2025-05-05T08:30:00.000Z',
    target: undefined,
  });
});

// BUG: proxy/reshape/coerce.ts parseIsoInstant uses Date.UTC, which maps years 0–99 to 1900–1999: "0050-01-01" is
// stored as 1950-01-01T00:00:00.000Z. Expected: 0050-01-01T00:00:00.000Z (or 400 InvalidField body.VisitStart).
// Fix: build the date with `new Date(0).setUTCFullYear(y, mo - 1, d)` (or refuse years before 1000).
test.skip('a year below 100 is not shifted into the 1900s', async () => {
  const got = await storeVisitStart('0050-01-01T00:00:00Z');
  expect([
    { status: 201, held: '0050-01-01T00:00:00.000Z', target: undefined },
    { status: 400, held: undefined, target: 'body.VisitStart' },
  ]).toContainEqual(got);
});

// BUG: proxy/reshape/coerce.ts parseIsoInstant checks month, day and hour > 23 but not minutes or seconds:
// "2025-01-15T10:60:00Z" is stored as 11:00 and "…T10:59:60Z" as 11:00:00. Expected: 400 InvalidField body.VisitStart.
// Fix: also refuse Number(mi) > 59 and Number(s) > 59 (RFC 3339 leap second 60 may be clamped to 59.999 instead).
test.skip('minute 60 is refused, not rolled into the next hour', async () => {
  expect(await storeVisitStart('2025-01-15T10:60:00Z')).toEqual({
    status: 400,
    held: undefined,
    target: 'body.VisitStart',
  });
});

// BUG: proxy/reshape/coerce.ts accepts any two-digit offset hours/minutes: "2025-01-15T10:00:00+99:99" is stored as
// 2025-01-11T05:21:00.000Z. RFC 3339 offsets are at most ±23:59 (minutes ≤ 59). Expected: 400 InvalidField.
test.skip('an impossible offset is refused', async () => {
  expect(await storeVisitStart('2025-01-15T10:00:00+99:99')).toEqual({
    status: 400,
    held: undefined,
    target: 'body.VisitStart',
  });
});
