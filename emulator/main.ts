/**
 * `npm run emulator`: starts the Entra ID stand-in and the Customer Insights emulator and prints what a developer
 * needs (URLs, tenant, instance ids, subscription keys, how to get a token). Settings come from the environment
 * (docs/design.md §6); a wrong value stops startup with a message naming it.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { WRITE_BODY_FORMS } from './ci/write-body-form';
import { startEmulator } from './index';
import { CI_SCOPE, DEFAULT_PORTS, INSTANCES, PROXY_APP, TENANT_ID, USERS } from './well-known';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);
const settingsSchema = z.object({
  EMULATOR_HOST: z.string().min(1).default('127.0.0.1'),
  EMULATOR_CI_PORT: port(DEFAULT_PORTS.ci),
  EMULATOR_ENTRA_PORT: port(DEFAULT_PORTS.entra),
  EMULATOR_METADATA_FILE: z
    .string()
    .min(1)
    .refine((p) => existsSync(p), 'file does not exist')
    .optional(),
  EMULATOR_WRITE_BODY_FORM: z.enum(WRITE_BODY_FORMS).default('both'),
});

function readSettings(): z.infer<typeof settingsSchema> {
  const env = Object.fromEntries(
    Object.keys(settingsSchema.shape).map((k) => [k, process.env[k] === '' ? undefined : process.env[k]]),
  );
  const result = settingsSchema.safeParse(env);
  if (!result.success) {
    for (const issue of result.error.issues) console.error(`emulator: ${issue.path.join('.')}: ${issue.message}`);
    process.exit(2);
  }
  return result.data;
}

async function main(): Promise<void> {
  const s = readSettings();
  const running = await startEmulator({
    host: s.EMULATOR_HOST,
    ciPort: s.EMULATOR_CI_PORT,
    entraPort: s.EMULATOR_ENTRA_PORT,
    metadataFile: s.EMULATOR_METADATA_FILE,
    writeBodyForm: s.EMULATOR_WRITE_BODY_FORM,
  });
  const lines = [
    'Customer Insights emulator is running.',
    `  CI API (APIM surface):  ${running.ciUrl}/v1/instances`,
    `  CI API (service surface): ${running.ciUrl}/api/instances`,
    `  CI control:             ${running.ciUrl}/_emulator/{faults,clock,refresh,usage,requests}`,
    `  Entra ID stand-in:      ${running.entraUrl}  (authority https://login.microsoftonline.com/${TENANT_ID} + authorityMetadata)`,
    `  Tenant:                 ${TENANT_ID}`,
    ...Object.values(INSTANCES).map(
      (i) => `  Instance ${i.instanceType.padEnd(10)} ${i.instanceId}  keys: ${i.primaryKey} / ${i.secondaryKey}`,
    ),
    `  Users (password = name): ${Object.keys(USERS).join(', ')}   scope: ${CI_SCOPE}`,
    '',
    'CI token (the proxy app, client credentials):',
    `  TOKEN=$(curl -s ${running.entraUrl}/${TENANT_ID}/oauth2/v2.0/token -d grant_type=client_credentials \\`,
    `    -d client_id=${PROXY_APP.clientId} -d client_secret=${PROXY_APP.clientSecret} \\`,
    `    --data-urlencode scope=${CI_SCOPE} | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')`,
    `  curl -H "Authorization: Bearer $TOKEN" -H "Ocp-Apim-Subscription-Key: ${INSTANCES.production.primaryKey}" ${running.ciUrl}/v1/instances`,
    'Proxy token for a user: npm run -s token -- --user alice   (see emulator/README.md for a full walk-through)',
    `Metadata:     ${s.EMULATOR_METADATA_FILE ?? 'built-in fictional retailer (Contoso Retail)'}`,
    `Write bodies: ${s.EMULATOR_WRITE_BODY_FORM === 'both' ? 'a JSON object or a JSON-encoded string' : `only the ${s.EMULATOR_WRITE_BODY_FORM} form`}`,
    'Stop with Ctrl+C.',
  ];
  console.log(lines.join('\n'));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`emulator: ${signal} received, shutting down`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(`emulator: failed to start: ${(e as Error).message}`);
  process.exit(1);
});
