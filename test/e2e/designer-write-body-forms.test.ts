/**
 * The designer's play against an emulator that binds only one write-body form (EMULATOR_WRITE_BODY_FORM=object, then
 * string), through a proxy in its default CI_WRITE_BODY_FORM=auto, with real processes on loopback. The default
 * emulator (both forms) is played by designer-obo and designer-app-only. Each proxy's log shows the form it settled
 * on (docs/customer-insights.md#write-body-forms).
 */
import { requestUserToken } from '../../emulator/entra/dev-tokens';
import { USERS } from '../../emulator/well-known';
import { describeDesignerPlay } from '../support/e2e-play';
import {
  startEmulatorProcess,
  startProxyProcess,
  type EmulatorProcess,
  type ProxyProcess,
} from '../support/e2e-processes';

/** The proxy's JSON log lines that say which write-body form CI took. */
function settledForms(proxy: ProxyProcess): { writeBodyForm: string; switched: boolean }[] {
  return proxy.process
    .output()
    .split('\n')
    .filter((line) => line.includes('"writeBodyForm"'))
    .map((line) => JSON.parse(line) as { writeBodyForm: string; switched: boolean });
}

describe.each([
  { form: 'object', switched: true },
  { form: 'string', switched: false },
])('an emulator that binds only the $form form', ({ form, switched }) => {
  let emulator: EmulatorProcess;
  let proxy: ProxyProcess;
  let aliceToken: string;

  beforeAll(async () => {
    emulator = await startEmulatorProcess({ EMULATOR_WRITE_BODY_FORM: form });
    [proxy, aliceToken] = await Promise.all([
      startProxyProcess(emulator),
      requestUserToken(emulator.entraUrl, 'alice'),
    ]);
  });
  afterAll(async () => {
    await Promise.all([proxy?.process.stop(), emulator?.process.stop()]);
  });

  test('the emulator says which form it binds', () => {
    expect(emulator.process.output()).toContain(`Write bodies: only the ${form} form`);
  });

  describeDesignerPlay(`Alice designs a flow (CI binds only ${form}s)`, () => ({
    proxyUrl: proxy.url,
    ciUrl: emulator.ciUrl,
    entraUrl: emulator.entraUrl,
    authorization: `Bearer ${aliceToken}`,
    callerLabel: USERS.alice.upn,
    ciPrincipal: USERS.alice.oid,
    customerIndex: 0,
  }));

  test(`the proxy's log shows it settled on the ${form} form, once`, () => {
    expect(settledForms(proxy)).toEqual([expect.objectContaining({ writeBodyForm: form, switched })]);
  });
});
