import { MS_PER_HOUR } from '../../proxy/limits/constants';
import { inboundUsageEvent, upstreamUsageEvent } from '../../proxy/telemetry/inbound-outcome';
import { buildUsageReport } from '../../proxy/telemetry/usage-report';
import { createUsageStore } from '../../proxy/telemetry/usage-store';

const I = '3f1c9a52-8e4b-4d7a-9c21-5b6e0f8d2a11';
const NOW = Date.UTC(2025, 0, 10, 12, 30);
const ALL = { callers: 'all' } as const;

function seeded() {
  const store = createUsageStore();
  const inbound = (hoursAgo: number, operationId: string, status: number, caller = 'alice', errorCode?: string) =>
    store.record(
      inboundUsageEvent({
        at: NOW - hoursAgo * MS_PER_HOUR,
        operationId,
        instanceId: I,
        entity: { confirmed: 'PoS_posPurchases' },
        caller,
        callerId: `tid:${caller}`,
        status,
        errorCode,
        bytes: 100,
      }),
    );
  inbound(0, 'CreateActivity', 201);
  inbound(0, 'CreateActivity', 201, 'bob');
  inbound(0, 'CreateActivity', 400, 'bob', 'InvalidField');
  inbound(2, 'CreateActivity', 201);
  inbound(30, 'CreateActivity', 201);
  store.record(
    inboundUsageEvent({
      at: NOW,
      operationId: 'GetCustomerProfile',
      instanceId: 'other',
      caller: 'alice',
      callerId: 'tid:alice',
      status: 200,
      bytes: 5,
    }),
  );
  store.record(
    upstreamUsageEvent({
      operation: 'CreateActivity',
      instanceId: I,
      caller: 'alice',
      callerId: 'tid:alice',
      method: 'POST',
      status: 503,
      requestBytes: 10,
      responseBytes: 0,
      durationMs: 5,
      attempt: 1,
      at: NOW,
    }),
  );
  return store;
}

describe('usage telemetry', () => {
  test('totals and groups count the window of one instance only', async () => {
    const report = await buildUsageReport(seeded(), I, 24, NOW, ALL);
    expect(report.totals).toEqual({ calls: 4, succeeded: 3, failed: 1, bytes: 400 });
    expect(report.byCaller).toEqual([
      { key: 'alice', calls: 2, succeeded: 2, failed: 0, bytes: 200 },
      { key: 'bob', calls: 2, succeeded: 1, failed: 1, bytes: 200 },
    ]);
    expect(report.byErrorCode).toEqual([{ key: 'InvalidField', calls: 1, succeeded: 0, failed: 1, bytes: 100 }]);
    expect(report.byResult.map((g) => [g.key, g.calls])).toEqual([
      ['success', 3],
      ['failure', 1],
    ]);
    expect(report.byEntity[0].key).toBe('PoS_posPurchases');
    expect(report.upstream).toMatchObject({ calls: 1, failed: 1 });
  });

  test('the hourly series has every hour of the window, zeros included', async () => {
    const report = await buildUsageReport(seeded(), I, 3, NOW, ALL);
    expect(report.hourly.map((h) => [h.start, h.calls, h.failed])).toEqual([
      ['2025-01-10T10:00:00.000Z', 1, 0],
      ['2025-01-10T11:00:00.000Z', 0, 0],
      ['2025-01-10T12:00:00.000Z', 3, 1],
    ]);
    expect(report.from).toBe('2025-01-10T10:00:00.000Z');
  });

  test('hours older than 30 days are dropped', async () => {
    const store = createUsageStore();
    const event = (at: number) =>
      inboundUsageEvent({
        at,
        operationId: 'GetUsage',
        instanceId: I,
        status: 200,
        caller: 'a',
        callerId: 'a',
        bytes: 0,
      });
    store.record(event(NOW - 31 * 24 * MS_PER_HOUR));
    store.record(event(NOW));
    expect(await store.rows(0, NOW + 1)).toHaveLength(1);
  });

  test('an hour holds a bounded number of rows; the rest fold into "other"', async () => {
    const store = createUsageStore({ maxRowsPerHour: 5 });
    for (let i = 0; i < 50; i++) {
      store.record(
        inboundUsageEvent({
          at: NOW,
          operationId: 'CreateActivity',
          instanceId: I,
          caller: `c${i}`,
          callerId: `tid:c${i}`,
          status: 201,
          bytes: 1,
        }),
      );
    }
    const rows = await store.rows(0, NOW + 1);
    expect(rows.length).toBeLessThanOrEqual(6);
    expect(rows.reduce((n, r) => n + r.row.calls, 0)).toBe(50);
    expect(rows.some((r) => r.row.caller === 'other')).toBe(true);
  });

  test('past the hard bound, new rows of an hour count in one overflow row that no report shows', async () => {
    const store = createUsageStore({ maxRowsPerHour: 5, maxRowsPerHourHard: 10 });
    for (let i = 0; i < 1000; i++) {
      const instanceId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      store.record(
        inboundUsageEvent({
          at: NOW,
          operationId: 'GetUsage',
          instanceId,
          status: 404,
          caller: 'a',
          callerId: 'a',
          bytes: 1,
        }),
      );
    }
    const rows = await store.rows(0, NOW + 1);
    expect(rows.length).toBeLessThanOrEqual(11);
    expect(rows.reduce((n, r) => n + r.row.calls, 0)).toBe(1000);
  });

  test("a report for one caller shows only that caller's calls, upstream attempts included", async () => {
    const report = await buildUsageReport(seeded(), I, 24, NOW, { callers: 'own', callerId: 'tid:bob' });
    expect(report.scope).toBe('ownCalls');
    expect(report.byCaller.map((g) => g.key)).toEqual(['bob']);
    expect(report.totals).toMatchObject({ calls: 2, failed: 1 });
    expect(report.upstream.calls).toBe(0);
    expect((await buildUsageReport(seeded(), I, 24, NOW, ALL)).scope).toBe('allCallers');
  });

  test('an entity CI did not confirm is labelled "other"; upstream attempts refused as unauthorised belong nowhere', async () => {
    const unconfirmed = inboundUsageEvent({
      at: NOW,
      operationId: 'CreateActivity',
      instanceId: I,
      entity: {},
      caller: 'bob',
      callerId: 'tid:bob',
      status: 404,
      errorCode: 'EntityNotFound',
      bytes: 0,
    });
    expect(unconfirmed.entity).toBe('other');
    const refused = upstreamUsageEvent({
      operation: 'CreateActivity',
      instanceId: I,
      entity: 'anything',
      caller: 'mallory',
      callerId: 'tid:mallory',
      method: 'POST',
      status: 403,
      requestBytes: 1,
      responseBytes: 1,
      durationMs: 1,
      attempt: 1,
      at: NOW,
    });
    expect(refused.instanceId).toBeUndefined();
    expect(refused.entity).toBeUndefined();
  });
});
