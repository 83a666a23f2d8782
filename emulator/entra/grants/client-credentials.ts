import { EntraError } from '../errors';
import { appRolesOf } from '../registrations';
import { isDefaultOnly } from '../scopes';
import type { GrantContext, GrantOutcome } from './grant-context';

/** `client_credentials`: an app-only token whose `roles` are the app roles granted to the client on the resource. */
export function clientCredentialsGrant(ctx: GrantContext): GrantOutcome {
  if (!isDefaultOnly(ctx.target)) {
    throw new EntraError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${ctx.form.scope} is not valid. Client credential flows must have a scope value ` +
        'with /.default suffixed to the resource identifier (application ID URI).',
    );
  }
  // Like Entra, an app without assigned roles still gets a token, just without `roles`; the API decides.
  const roles = appRolesOf(ctx.dir, ctx.client.clientId, ctx.target.resource);
  return { subject: { kind: 'app', principal: ctx.client, roles }, delegated: false };
}
