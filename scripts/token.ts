/**
 * Prints an access token for the proxy, issued by the local Entra stand-in, so a person can call the proxy with curl:
 *
 *   curl -H "Authorization: Bearer $(npm run -s token)" http://127.0.0.1:7080/api/instances
 *
 * Options: --user alice|bob|rita (a delegated token, the default is alice), --app (an app-only token, as a Logic App's
 * managed identity would hold), --entra <url> (default ENTRA_URL, else http://127.0.0.1:7082). Each failure says
 * what to do about it: a wrong option names the option, nothing listening says how to start or find the stand-in,
 * something else answering says so.
 */
import { parseArgs } from 'node:util';
import { requestAppToken, requestUserToken } from '../emulator/entra/dev-tokens';
import { DEFAULT_PORTS, USERS } from '../emulator/well-known';

const USAGE = 'usage: npm run -s token [-- --user alice|bob|rita | --app] [--entra <Entra stand-in URL>]';

/** A problem with how the command was called: printed with the usage, never with advice about the stack. */
class UsageError extends Error {}

function entraUrlFrom(values: { entra?: string }): { url: string; from: string } {
  const [url, from] =
    values.entra !== undefined
      ? [values.entra, '--entra']
      : process.env.ENTRA_URL
        ? [process.env.ENTRA_URL, 'ENTRA_URL']
        : [`http://127.0.0.1:${DEFAULT_PORTS.entra}`, 'the default'];
  if (!/^https?:\/\/[^/\s]+/.test(url))
    throw new UsageError(`${from} "${url}" is not a URL such as http://127.0.0.1:7082`);
  return { url, from };
}

/** What a failed token request means for the person who ran the command. */
function explain(err: unknown, entra: { url: string; from: string }): string {
  const cause = (err as { cause?: NodeJS.ErrnoException }).cause;
  if (cause?.code === 'ECONNREFUSED' || cause?.code === 'ENOTFOUND' || cause?.code === 'EHOSTUNREACH')
    return (
      `nothing answers at ${entra.url} (${entra.from}). Start the local stack in another terminal with "npm start", ` +
      'or, if it runs elsewhere (EMULATOR_ENTRA_PORT moves it), give the Entra stand-in URL that "npm start" ' +
      'printed with --entra <url> or ENTRA_URL.'
    );
  if (cause instanceof Error) return `could not reach ${entra.url} (${entra.from}): ${cause.message}`;
  const message = err instanceof Error ? err.message : String(err);
  if (/token request to .* failed \((404|405)/.test(message) || err instanceof SyntaxError)
    return `${entra.url} (${entra.from}) answered, but it is not the Entra stand-in: ${message}. Check the URL.`;
  return message;
}

async function main(): Promise<void> {
  let values: { user?: string; app?: boolean; entra?: string };
  try {
    ({ values } = parseArgs({
      options: { user: { type: 'string' }, app: { type: 'boolean' }, entra: { type: 'string' } },
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.app && values.user) throw new UsageError('choose either --user or --app, not both');
  const user = (values.user ?? 'alice') as keyof typeof USERS;
  if (!values.app && !(user in USERS))
    throw new UsageError(`unknown user "${user}": one of ${Object.keys(USERS).join(', ')}`);
  const entra = entraUrlFrom(values);
  try {
    const token = values.app ? await requestAppToken(entra.url) : await requestUserToken(entra.url, user);
    process.stdout.write(`${token}\n`);
  } catch (err) {
    throw new Error(explain(err, entra));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`npm run token: ${err instanceof Error ? err.message : String(err)}\n`);
  if (err instanceof UsageError) process.stderr.write(`${USAGE}\n`);
  process.exit(1);
});
