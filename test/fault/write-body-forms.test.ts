/**
 * The proxy writes in whichever body form CI binds (CI_WRITE_BODY_FORM, docs/customer-insights.md#write-body-forms),
 * against emulators that insist on one form. `auto` sends the generated clients' string first and, only on CI's
 * body-binding refusal, resends once as an object, then keeps that form for the environment and logs it; a fixed
 * setting never switches; field errors are never taken for a refusal; idempotency and lost answers hold across it.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { WriteBodyForm } from '../../emulator/ci/write-body-form';
import { armCiFault, ciReceived, clearCiLog, CiReader, expectProxyError, makerCalls } from '../support/fault-stack';
import { PROD, ResponseChecker, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

interface Stack {
  stack: OpsStack;
  maker: ReturnType<typeof makerCalls>;
  ci: CiReader;
  logs: Record<string, unknown>[];
  customer: Record<string, unknown>;
}

/** Emulator binding only `emulatorForm`, proxy with CI_WRITE_BODY_FORM=`proxyForm`, its log lines collected. */
async function start(emulatorForm: WriteBodyForm, proxyForm: string): Promise<Stack> {
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const stack = await startOpsStack({ CI_WRITE_BODY_FORM: proxyForm }, { writeBodyForm: emulatorForm }, logger);
  const maker = makerCalls(stack, () => stack.auth.alice);
  expect((await maker.get('/schemas/activities/WebStore_webPurchases')).status).toBe(200);
  const customer = stack.emu.ci.store
    .batchRows(PROD, 'Customer')
    .find((r) => r.WebStore_webCustomers_WebCustomerId && r.LoyaltyTier)!;
  return { stack, maker, ci: new CiReader(stack), logs, customer };
}

const purchase = (s: Stack, extra: Record<string, unknown> = {}) => ({
  PurchaseId: randomUUID(),
  WebCustomerId: s.customer.WebStore_webCustomers_WebCustomerId,
  PurchasedOn: new Date(s.stack.emu.clock.now()).toISOString(),
  TotalAmount: 19.9,
  ...extra,
});
const CREATE = '/activities/WebStore_webPurchases?keepForDays=2';
const UNKNOWN_CUSTOMER = 'f'.repeat(32);
const unknownCustomerActivity = (s: Stack) => ({
  ActivityId: randomUUID(),
  CustomerId: UNKNOWN_CUSTOMER,
  ActivityTime: new Date(s.stack.emu.clock.now()).toISOString(),
  ActivityType: 'Call',
});
const posts = (s: Stack) => ciReceived(s.stack, 'POST', 'data/WebStore_webPurchases');
const formLogs = (s: Stack) => s.logs.filter((l) => l.writeBodyForm !== undefined);

let objectOnly: Stack;
let stringOnly: Stack;
let fixedObject: Stack;
let check: ResponseChecker;

beforeAll(async () => {
  objectOnly = await start('object', 'auto');
  stringOnly = await start('string', 'auto');
  fixedObject = await start('string', 'object');
  check = new ResponseChecker(objectOnly.stack.contract);
});
afterAll(async () => {
  for (const s of [objectOnly, stringOnly, fixedObject]) await s?.stack.close();
});

describe('auto against a CI that binds only objects', () => {
  it('resends once as an object after the binding refusal, then keeps the object form and logs it', async () => {
    const s = objectOnly;
    await clearCiLog(s.stack);
    const first = purchase(s);
    const created = await s.maker.post(CREATE, first);
    expect(created.status).toBe(201);
    expect((await posts(s)).map((r) => r.status)).toEqual([400, 201]);
    expect(await s.ci.activityCopies('WebStore_webPurchases', first.PurchaseId)).toHaveLength(1);
    expect(formLogs(s)).toEqual([
      expect.objectContaining({ level: 30, writeBodyForm: 'object', switched: true, component: 'ci' }),
    ]);

    await clearCiLog(s.stack);
    expect((await s.maker.post(CREATE, purchase(s))).status).toBe(201);
    const update = await s.maker.patch(`/profiles/${String(s.customer.CustomerId)}?keepForHours=1`, {
      LoyaltyTier: 'Gold',
    });
    expect(update.status).toBe(200);
    // The environment's form is remembered: one request each, for creates and profile updates alike.
    expect((await ciReceived(s.stack)).filter((r) => r.method !== 'GET').map((r) => [r.method, r.status])).toEqual([
      ['POST', 201],
      ['PATCH', 204],
    ]);
    expect(formLogs(s)).toHaveLength(1);
  });

  it('relays a field error CI finds in the settled form, without switching again', async () => {
    const s = objectOnly;
    await clearCiLog(s.stack);
    const res = await s.maker.post('/unified-activities', unknownCustomerActivity(s));
    expectProxyError(check, res, 404, 'ProfileNotFound');
    expect((await ciReceived(s.stack, 'POST', 'data/UnifiedActivity')).map((r) => r.status)).toEqual([400]);
  });
});

describe('auto against a CI that binds only strings', () => {
  it('sends the string form once and never switches, even on a field error', async () => {
    const s = stringOnly;
    await clearCiLog(s.stack);
    expect((await s.maker.post(CREATE, purchase(s))).status).toBe(201);
    expect(formLogs(s)).toEqual([expect.objectContaining({ writeBodyForm: 'string', switched: false })]);
    await clearCiLog(s.stack);
    // A field error only CI can find (the customer does not exist) is an ODataError, never a binding refusal.
    const wrong = await s.maker.post('/unified-activities', unknownCustomerActivity(s));
    expectProxyError(check, wrong, 404, 'ProfileNotFound');
    expect((await ciReceived(s.stack, 'POST', 'data/UnifiedActivity')).map((r) => r.status)).toEqual([400]);
  });

  it('keeps idempotency and the lost-answer rule: a stored write whose answer was lost is not stored twice', async () => {
    const s = stringOnly;
    await clearCiLog(s.stack);
    const key = `key-${randomUUID()}`;
    const record = purchase(s);
    await armCiFault(s.stack, {
      match: { method: 'POST', path: 'data/WebStore_webPurchases' },
      count: 1,
      fault: { kind: 'lose-response', then: 'reset' },
    });
    const first = await s.maker.post(CREATE, record).set('Idempotency-Key', key);
    expect(first.status).toBe(201);
    const again = await s.maker.post(CREATE, record).set('Idempotency-Key', key);
    expect(again.status).toBe(201);
    expect(await s.ci.activityCopies('WebStore_webPurchases', record.PurchaseId)).toHaveLength(1);
    expect((await posts(s)).every((r) => r.status !== 400)).toBe(true);
  });
});

describe('auto against a CI that binds only objects, when the first answer is lost', () => {
  it('the lost refusal is resent, refused again, switched once, and stored once', async () => {
    const s = await start('object', 'auto');
    try {
      await clearCiLog(s.stack);
      const record = purchase(s);
      await armCiFault(s.stack, {
        match: { method: 'POST', path: 'data/WebStore_webPurchases' },
        count: 1,
        fault: { kind: 'lose-response', then: 'reset' },
      });
      const res = await s.maker.post(CREATE, record);
      expect(res.status).toBe(201);
      expect(await s.ci.activityCopies('WebStore_webPurchases', record.PurchaseId)).toHaveLength(1);
      expect((await posts(s)).map((r) => r.status)).toEqual([400, 400, 201]);
    } finally {
      await s.stack.close();
    }
  });
});

describe('a fixed setting', () => {
  it('object against a CI that binds only strings: CI’s refusal reaches the maker, with one request', async () => {
    const s = fixedObject;
    await clearCiLog(s.stack);
    const record = purchase(s);
    const res = await s.maker.post(CREATE, record);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expectProxyError(check, res, 400, 'UpstreamRejected');
    expect(res.body.error.message).toContain('CI_WRITE_BODY_FORM=auto');
    expect(res.body.error.message).toContain('could not be converted');
    expect((await posts(s)).map((r) => r.status)).toEqual([400]);
    expect(await s.ci.activityCopies('WebStore_webPurchases', record.PurchaseId)).toHaveLength(0);
    expect(formLogs(s)).toEqual([]);
  });
});
