/**
 * ISO 8601 edge forms the fuzz suites once found mis-coerced (Date.UTC's 1900s years, rolled-over minutes, impossible
 * offsets): a date-time must be stored as the instant it names or refused naming the field, never silently turned into another instant.
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

// Date.UTC maps years 0–99 to 1900–1999; the coercion must not.
test('a year below 100 is not shifted into the 1900s', async () => {
  const got = await storeVisitStart('0050-01-01T00:00:00Z');
  expect([
    { status: 201, held: '0050-01-01T00:00:00.000Z', target: undefined },
    { status: 400, held: undefined, target: 'body.VisitStart' },
  ]).toContainEqual(got);
});

// JavaScript dates roll minute 60 into the next hour; RFC 3339 has no minute 60.
test('minute 60 is refused, not rolled into the next hour', async () => {
  expect(await storeVisitStart('2025-01-15T10:60:00Z')).toEqual({
    status: 400,
    held: undefined,
    target: 'body.VisitStart',
  });
});

// RFC 3339 offsets are at most ±23:59.
test('an impossible offset is refused', async () => {
  expect(await storeVisitStart('2025-01-15T10:00:00+99:99')).toEqual({
    status: 400,
    held: undefined,
    target: 'body.VisitStart',
  });
});

// An offset can push a date out of the years 0001–9999 that RFC 3339 and CI's Edm.DateTimeOffset hold: refused at
// the door naming the field, not sent as -000001-12-31T23:00:00.000Z for CI to reject (UpstreamRejected).
test.each(['0000-01-01T00:30:00+01:00', '0000-06-01T00:00:00Z', '9999-12-31T23:30:00-01:00'])(
  '%s, outside the years 0001–9999 in UTC, is refused naming the field',
  async (visitStart) => {
    expect(await storeVisitStart(visitStart)).toEqual({ status: 400, held: undefined, target: 'body.VisitStart' });
  },
);

test('the first and last instants of the range are kept as they are', async () => {
  for (const [sent, held] of [
    ['0001-01-01T01:00:00+01:00', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59Z', '9999-12-31T23:59:59.000Z'],
  ]) {
    expect(await storeVisitStart(sent)).toEqual({ status: 201, held, target: undefined });
  }
});
