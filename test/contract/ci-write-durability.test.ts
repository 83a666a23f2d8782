/**
 * "An acknowledged write is never lost while it runs" (issue #2): racing duplicate POSTs, writes during a scheduled
 * refresh, a refresh that brings a real-time record into the source data, and bounded memory (expired real-time
 * data swept, usage telemetry aggregated).
 */
import { ciCall, inst, PROD } from '../support/ci-client';
import { ciTokens, useEmulator, type CiCaller } from '../support/emulator';

const env = useEmulator();
let tokens: Record<CiCaller, string>;
let member: { CustomerId: string; MemberId: string };
const HOUR = 3_600_000;
const call = (method: string, path: string, body?: unknown) =>
  ciCall(env.current.ciUrl, method, inst(PROD.instanceId, path), { token: tokens.proxy, body });
const now = () => new Date(env.current.clock.now()).toISOString();
const visit = (VisitId: string) => ({ VisitId, MemberId: member.MemberId, VisitStart: now(), PageViews: 3 });
const refresh = () =>
  fetch(`${env.current.ciUrl}/_emulator/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ instanceId: PROD.instanceId }),
  });
/** UnifiedActivity rows projected from these site visits (a system table, so `$filter` works). */
const projected = async (visitIds: string[]) => {
  const list = visitIds.map((v) => `'${v}'`).join(',');
  const res = await call(
    'GET',
    `/data/UnifiedActivity?$filter=SourceTableName eq 'Website_siteVisits' and SourceActivityId in (${list})&$top=1000`,
  );
  expect(res.status).toBe(200);
  return res.body.value as { SourceActivityId: string; CustomerId: string }[];
};

beforeAll(async () => {
  tokens = await ciTokens(env.current.entraUrl);
  const res = await call('GET', '/data/Customer?$top=1&$filter=Website_siteMembers_MemberId ne null');
  member = { CustomerId: res.body.value[0].CustomerId, MemberId: res.body.value[0].Website_siteMembers_MemberId };
});

it('answers two identical POSTs sent at once with exactly one 201 and one 409', async () => {
  for (const id of ['VI-RACE-1', 'VI-RACE-2', 'VI-RACE-3']) {
    const record = visit(id);
    const statuses = (await Promise.all([1, 2].map(() => call('POST', '/data/Website_siteVisits', record)))).map(
      (r) => r.status,
    );
    expect(statuses.sort()).toEqual([201, 409]);
  }
  expect(await projected(['VI-RACE-1', 'VI-RACE-2', 'VI-RACE-3'])).toHaveLength(3);
});

it('keeps every acknowledged write across scheduled refreshes running among them', async () => {
  const ids = Array.from({ length: 40 }, (_, i) => `VI-DURING-REFRESH-${i}`);
  const results = await Promise.all([
    ...ids.map((id) => call('POST', '/data/Website_siteVisits', visit(id))),
    refresh(),
    refresh(),
  ]);
  for (const r of results.slice(0, ids.length)) expect((r as { status: number }).status).toBe(201);
  const rows = await projected(ids);
  expect(rows.map((r) => r.SourceActivityId).sort()).toEqual([...ids].sort());
  expect(new Set(rows.map((r) => r.CustomerId))).toEqual(new Set([member.CustomerId]));
});

it('shows one record, not two, when a refresh brings a real-time record’s key into the source data', async () => {
  const newest = await call('GET', '/data/Website_siteVisits?$orderby=VisitId desc&$top=200');
  const batchKey = (newest.body.value as { VisitId: string }[]).find((r) => /^VI-\d{7}$/.test(r.VisitId));
  const last = Number(batchKey?.VisitId.slice(3));
  // Batch keys are sequential, so the next refresh's new site visits take the keys right after the newest one.
  const ids = Array.from({ length: 40 }, (_, i) => `VI-${String(last + 1 + i).padStart(7, '0')}`);
  for (const id of ids) expect((await call('POST', '/data/Website_siteVisits', visit(id))).status).toBe(201);
  expect((await refresh()).status).toBe(200);
  const rows = await projected(ids);
  const seen = rows.map((r) => r.SourceActivityId);
  expect(seen.length).toBe(new Set(seen).size);
  expect(seen.sort()).toEqual([...ids].sort());
  // Some keys now belong to the batch: the source table shows each key once too.
  const table = await call('GET', `/data/Website_siteVisits?$orderby=VisitId desc&$top=${ids.length + 100}`);
  const keys = (table.body.value as { VisitId: string }[]).map((r) => r.VisitId).filter((k) => ids.includes(k));
  expect(keys.length).toBe(new Set(keys).size);
});

it('aggregates usage telemetry so memory does not grow with every request', async () => {
  const before = env.current.ci.usage.size();
  await Promise.all(Array.from({ length: 200 }, () => call('GET', '/manage/entities/Customer')));
  expect(env.current.ci.usage.size() - before).toBeLessThanOrEqual(4);
  const report = (await (await fetch(`${env.current.ciUrl}/_emulator/usage?bucket=minute`)).json()) as {
    byOperation: { key: string; calls: number }[];
  };
  const op = report.byOperation.find((g) => g.key === 'Get-entity-metadata');
  expect(op?.calls).toBeGreaterThanOrEqual(200);
});

it('sweeps expired real-time activities and overrides from memory', async () => {
  const baseline = env.current.ci.store.realtimeSize(PROD.instanceId);
  const validUntil = encodeURIComponent(new Date(env.current.clock.now() + HOUR).toISOString());
  for (let i = 0; i < 25; i++) {
    const res = await call('POST', `/data/Website_siteVisits?validUntil=${validUntil}`, visit(`VI-SHORT-${i}`));
    expect(res.status).toBe(201);
  }
  const patch = await call('PATCH', `/data/Customer/${member.CustomerId}?validUntil=${validUntil}`, {
    LoyaltyTier: 'Gold',
    Phone: '+1 555 0100',
  });
  expect(patch.status).toBe(204);
  expect(env.current.ci.store.realtimeSize(PROD.instanceId)).toEqual({
    activities: baseline.activities + 25,
    overrides: baseline.overrides + 2,
  });
  env.current.clock.advance(2 * HOUR);
  tokens = await ciTokens(env.current.entraUrl, true);
  expect((await call('GET', '/data/UnifiedActivity?$top=1')).status).toBe(200);
  expect(env.current.ci.store.realtimeSize(PROD.instanceId)).toEqual(baseline);
});
