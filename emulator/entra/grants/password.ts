import { EntraError, missingParameter } from '../errors';
import { grantedDelegatedScopes } from '../scopes';
import type { GrantContext, GrantOutcome } from './grant-context';

/** `password` (ROPC) for the dev users of well-known.ts: a delegated token with the consented scopes. */
export function passwordGrant(ctx: GrantContext): GrantOutcome {
  const { username, password } = ctx.form;
  if (!username) throw missingParameter('username');
  if (password === undefined) throw missingParameter('password');
  const user = ctx.dir.users.find((u) => u.upn.toLowerCase() === username.toLowerCase() && u.tenantId === ctx.tenantId);
  if (!user) {
    throw new EntraError(
      400,
      'invalid_grant',
      50034,
      `The user account ${username} does not exist in the ${ctx.tenantId} directory. To sign into this application, ` +
        'the account must be added to the directory.',
    );
  }
  if (user.password !== password) {
    throw new EntraError(
      400,
      'invalid_grant',
      50126,
      'Error validating credentials due to invalid username or password.',
    );
  }
  const scopes = grantedDelegatedScopes(ctx.dir, ctx.client.clientId, ctx.target);
  return { subject: { kind: 'user', user, scopes }, delegated: true };
}
