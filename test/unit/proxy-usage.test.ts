import { MS_PER_HOUR } from '../../proxy/limits/constants';
import { inboundUsageEvent, upstreamUsageEvent } from '../../proxy/telemetry/inbound-outcome';
import { buildUsageReport } from '../../proxy/telemetry/usage-report';
import { createUsageStore } from '../../proxy/telemetry/usage-store';

const I = '3f1c9a52-8e4b-4d7a-9c21-5b6e0f8d2a11';
const NOW = Date.UTC(2025, 0, 10, 12, 30);

function seeded() {
  const store = createUsageStore();
  const inbound = (hoursAgo: number, operationId: string, status: number, caller = 'alice', errorCode?: string) =>
    store.record(
      inboundUsageEvent({
        at: NOW - hoursAgo * MS_PER_HOUR,
        operationId,
        params: { instanceId: I, entityName: 'PoS_posPurchases' },
        caller,
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
      params: { instanceId: 'other' },
      status: 200,
      bytes: 5,
    }),
  );
  store.record(
    upstreamUsageEvent({
      operation: 'CreateActivity',
      instanceId: I,
      caller: 'alice',
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
  test('totals and groups count the window of one instance only', () => {
    const report = buildUsageReport(seeded(), I, 24, NOW);
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

  test('the hourly series has every hour of the window, zeros included', () => {
    const report = buildUsageReport(seeded(), I, 3, NOW);
    expect(report.hourly.map((h) => [h.start, h.calls, h.failed])).toEqual([
      ['2025-01-10T10:00:00.000Z', 1, 0],
      ['2025-01-10T11:00:00.000Z', 0, 0],
      ['2025-01-10T12:00:00.000Z', 3, 1],
    ]);
    expect(report.from).toBe('2025-01-10T10:00:00.000Z');
  });

  test('hours older than 30 days are dropped', () => {
    const store = createUsageStore();
    const event = (at: number) =>
      inboundUsageEvent({ at, operationId: 'GetUsage', params: { instanceId: I }, status: 200, caller: 'a', bytes: 0 });
    store.record(event(NOW - 31 * 24 * MS_PER_HOUR));
    store.record(event(NOW));
    expect(store.rows(0, NOW + 1)).toHaveLength(1);
  });

  test('an hour holds a bounded number of rows; the rest fold into "other"', () => {
    const store = createUsageStore({ maxRowsPerHour: 5 });
    for (let i = 0; i < 50; i++) {
      store.record(
        inboundUsageEvent({
          at: NOW,
          operationId: 'CreateActivity',
          params: { instanceId: I },
          caller: `c${i}`,
          status: 201,
          bytes: 1,
        }),
      );
    }
    const rows = store.rows(0, NOW + 1);
    expect(rows.length).toBeLessThanOrEqual(6);
    expect(rows.reduce((n, r) => n + r.row.calls, 0)).toBe(50);
    expect(rows.some((r) => r.row.caller === 'other')).toBe(true);
  });
});
