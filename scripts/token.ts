/**
 * Prints an access token for the proxy, issued by the local Entra stand-in, so a person can call the proxy with curl:
 *
 *   curl -H "Authorization: Bearer $(npm run -s token)" http://127.0.0.1:7080/api/instances
 *
 * Options: --user alice|bob|rita (a delegated token, the default is alice), --app (an app-only token, as a Logic App's
 * managed identity would hold), --entra <url> (default http://127.0.0.1:7082 or ENTRA_URL).
 */
import { requestAppToken, requestUserToken } from '../emulator/entra/dev-tokens';
import { DEFAULT_PORTS, USERS } from '../emulator/well-known';
import { parseArgs } from 'node:util';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { user: { type: 'string' }, app: { type: 'boolean' }, entra: { type: 'string' } },
    allowPositionals: false,
  });
  const entraUrl = values.entra ?? process.env.ENTRA_URL ?? `http://127.0.0.1:${DEFAULT_PORTS.entra}`;
  if (values.app && values.user) throw new Error('choose either --user or --app, not both');
  const user = (values.user ?? 'alice') as keyof typeof USERS;
  if (!values.app && !(user in USERS))
    throw new Error(`unknown user "${user}": one of ${Object.keys(USERS).join(', ')}`);
  const token = values.app ? await requestAppToken(entraUrl) : await requestUserToken(entraUrl, user);
  process.stdout.write(`${token}\n`);
}

main().catch((err: unknown) => {
  const reason = err instanceof Error ? err.message : String(err);
  process.stderr.write(`npm run token: ${reason}\n(is the local stack running? start it with "npm start")\n`);
  process.exit(1);
});
