/**
 * Real-time writes in both body forms (docs/customer-insights.md#write-body-forms): requests built byte for byte as
 * Microsoft's generated clients build them (the record as a JSON-encoded string, application/json-patch+json) and
 * plain JSON objects. By default the emulator binds both; strict `object` or `string` refuses the other form with
 * ASP.NET Core's binding 400 (ValidationProblemDetails keyed `$`), which is distinct from a field error.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { startEmulator, type RunningEmulator } from '../../emulator/index';
import type { WriteBodyForm } from '../../emulator/ci/write-body-form';
import { ciCall, inst, PROD } from '../support/ci-client';
import { ciTokens } from '../support/emulator';
import {
  createAnEntityRequest,
  sendGeneratedClientWrite,
  updateAnEntityRequest,
} from '../support/generated-client-wire';

interface Mode {
  emu: RunningEmulator;
  token: string;
  customer: Record<string, string>;
}
const modes = new Map<WriteBodyForm, Mode>();

beforeAll(async () => {
  for (const form of ['both', 'object', 'string'] as const) {
    const emu = await startEmulator({ writeBodyForm: form });
    const { proxy: token } = await ciTokens(emu.entraUrl);
    const found = await ciCall(
      emu.ciUrl,
      'GET',
      inst(PROD.instanceId, '/data/Customer?$top=1&$filter=WebStore_webCustomers_WebCustomerId ne null'),
      { token },
    );
    modes.set(form, { emu, token, customer: found.body.value[0] });
  }
});
afterAll(async () => {
  for (const m of modes.values()) await m.emu.close();
});

const purchase = (m: Mode) => ({
  PurchaseId: randomUUID(),
  WebCustomerId: m.customer.WebStore_webCustomers_WebCustomerId,
  PurchasedOn: new Date(m.emu.clock.now()).toISOString(),
  TotalAmount: 129.9,
  Currency: 'EUR',
});
const generated = (m: Mode, write: Parameters<typeof sendGeneratedClientWrite>[1]) =>
  sendGeneratedClientWrite(`${m.emu.ciUrl}/v1`, write, { token: m.token, key: PROD.primaryKey });
const read = (m: Mode, path: string) => ciCall(m.emu.ciUrl, 'GET', inst(PROD.instanceId, path), { token: m.token });
const validUntil = (m: Mode, hours: number) => new Date(m.emu.clock.now() + hours * 3_600_000).toISOString();

describe('as Microsoft’s generated client writes (JSON-encoded string, application/json-patch+json)', () => {
  it('sends the record as a JSON string literal with the patch content type and the query in the model’s names', () => {
    const write = createAnEntityRequest(
      PROD.instanceId,
      'WebStore_webPurchases',
      { A: 1 },
      {
        validUntil: '2026-12-01T00:00:00.000Z',
        caller: 'my app',
      },
    );
    expect(write.body.toString('utf8')).toBe('"{\\"A\\":1}"');
    expect(write.headers['Content-Type']).toBe('application/json-patch+json; charset=utf-8');
    expect(write.path).toBe(
      `instances/${PROD.instanceId}/data/WebStore_webPurchases?validUntil=2026-12-01T00%3A00%3A00.000Z&caller=my%20app`,
    );
  });

  it.each(['both', 'string'] as const)(
    '%s mode: creates an activity and updates a profile, read back',
    async (form) => {
      const m = modes.get(form)!;
      const record = purchase(m);
      const created = await generated(
        m,
        createAnEntityRequest(PROD.instanceId, 'WebStore_webPurchases', record, {
          validUntil: validUntil(m, 48),
          caller: 'generated-client',
        }),
      );
      expect([created.status, created.text]).toEqual([201, expect.any(String)]);
      expect(JSON.parse(created.text)).toMatchObject(record);
      const back = await read(m, `/data/WebStore_webPurchases(${record.PurchaseId})`);
      expect(back.body).toMatchObject(record);
      const timeline = await read(
        m,
        `/data/UnifiedActivity?$filter=CustomerId eq '${m.customer.CustomerId}'&$orderby=ActivityTime desc&$top=1`,
      );
      expect(timeline.body.value[0].SourceActivityId).toBe(record.PurchaseId);

      const updated = await generated(
        m,
        updateAnEntityRequest(
          PROD.instanceId,
          'Customer',
          m.customer.CustomerId,
          { LoyaltyTier: 'Platinum' },
          {
            validUntil: validUntil(m, 2),
            caller: 'generated-client',
          },
        ),
      );
      expect([updated.status, updated.text]).toEqual([204, '']);
      const profile = await read(m, `/data/Customer?$filter=CustomerId eq '${m.customer.CustomerId}'`);
      expect(profile.body.value[0].LoyaltyTier).toBe('Platinum');
    },
  );

  it('object mode: refuses the string form as a body it cannot bind, and stores nothing', async () => {
    const m = modes.get('object')!;
    const record = purchase(m);
    const res = await generated(m, createAnEntityRequest(PROD.instanceId, 'WebStore_webPurchases', record));
    expect(res.status).toBe(400);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    const body = JSON.parse(res.text);
    expect(body).toMatchObject({ status: 400, title: expect.any(String), errors: { $: [expect.any(String)] } });
    expect(body).not.toHaveProperty('errorCode');
    expect((await read(m, `/data/WebStore_webPurchases(${record.PurchaseId})`)).status).toBe(404);
    const patched = await generated(
      m,
      updateAnEntityRequest(PROD.instanceId, 'Customer', m.customer.CustomerId, { LoyaltyTier: 'Gold' }),
    );
    expect(patched.status).toBe(400);
    expect(JSON.parse(patched.text).errors).toHaveProperty('$');
  });
});

describe('plain JSON objects', () => {
  it.each(['both', 'object'] as const)('%s mode: binds the object form', async (form) => {
    const m = modes.get(form)!;
    const record = purchase(m);
    const res = await ciCall(m.emu.ciUrl, 'POST', inst(PROD.instanceId, '/data/WebStore_webPurchases'), {
      token: m.token,
      body: record,
      contentType: 'application/json-patch+json; charset=utf-8',
    });
    expect(res.status).toBe(201);
  });

  it('string mode: refuses the object form as unbindable, and stores nothing', async () => {
    const m = modes.get('string')!;
    const record = purchase(m);
    const res = await ciCall(m.emu.ciUrl, 'POST', inst(PROD.instanceId, '/data/WebStore_webPurchases'), {
      token: m.token,
      body: record,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.$[0]).toContain('System.String');
    expect((await read(m, `/data/WebStore_webPurchases(${record.PurchaseId})`)).status).toBe(404);
  });
});

it('a field error in the string form is an ODataError naming the field, not a binding refusal', async () => {
  const m = modes.get('string')!;
  const res = await generated(
    m,
    createAnEntityRequest(PROD.instanceId, 'WebStore_webPurchases', { ...purchase(m), Colour: 'red' }),
  );
  expect(res.status).toBe(400);
  const body = JSON.parse(res.text);
  expect(body).toMatchObject({ errorCode: 'UnknownAttribute', target: 'Colour' });
  expect(body).not.toHaveProperty('errors');
});

it('a write whose client goes away mid-body is logged as aborted, not as an emulator failure', async () => {
  const m = modes.get('both')!;
  const errors = jest.spyOn(console, 'error');
  try {
    m.emu.ci.requests.clear();
    const url = new URL(`${m.emu.ciUrl}/v1/instances/${PROD.instanceId}/data/WebStore_webPurchases`);
    await new Promise<void>((resolve) => {
      const req = httpRequest(url, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${m.token}`,
          'Ocp-Apim-Subscription-Key': PROD.primaryKey,
          'Content-Type': 'application/json',
          'Content-Length': '1000',
        },
      });
      req.on('error', () => resolve());
      req.write('{"PurchaseId":');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    for (let i = 0; i < 50 && !m.emu.ci.requests.list().some((r) => r.fault); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(m.emu.ci.requests.list().map((r) => r.fault)).toEqual(['client-aborted']);
    expect(errors).not.toHaveBeenCalled();
  } finally {
    errors.mockRestore();
  }
});
