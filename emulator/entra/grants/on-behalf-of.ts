import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { issuerFor } from '../claims';
import { EntraError, missingParameter } from '../errors';
import { grantedDelegatedScopes } from '../scopes';
import type { GrantContext, GrantOutcome } from './grant-context';

const invalidAssertion = (code: number, text: string) => new EntraError(400, 'invalid_grant', code, text);

/** Verifies the incoming user token: signed by this stand-in, issued in this tenant, unexpired. */
async function verifyUserAssertion(ctx: GrantContext, assertion: string): Promise<JWTPayload> {
  const keys = await ctx.keys.published();
  try {
    const { payload } = await jwtVerify(assertion, createLocalJWKSet({ keys: keys.map((k) => k.jwk) }), {
      algorithms: ['RS256'],
      issuer: [issuerFor(ctx.tenantId, 1), issuerFor(ctx.tenantId, 2)],
      currentDate: new Date(ctx.clock.now()),
      requiredClaims: ['exp', 'aud', 'oid', 'tid'],
    });
    return payload;
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) {
      throw invalidAssertion(
        500133,
        'Assertion is not within its valid time range. Ensure that the access token is not expired before using it ' +
          'for user assertion, or request a new token.',
      );
    }
    if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'iss') {
      throw invalidAssertion(
        50013,
        `Assertion failed signature validation. [Reason - The issuer is not valid for tenant '${ctx.tenantId}'.]`,
      );
    }
    throw invalidAssertion(50013, `Assertion failed signature validation. [Reason - ${(err as Error).message}]`);
  }
}

/**
 * On-behalf-of (jwt-bearer, `requested_token_use=on_behalf_of`): exchanges a delegated token addressed to the calling
 * client for a delegated token to the target resource, for the same user (docs/entra.md#the-obo-chain: no app-only
 * assertions, no foreign audiences).
 */
export async function onBehalfOfGrant(ctx: GrantContext): Promise<GrantOutcome> {
  if (ctx.form.requested_token_use !== 'on_behalf_of') throw missingParameter("requested_token_use' = 'on_behalf_of");
  const assertion = ctx.form.assertion;
  if (!assertion) throw missingParameter('assertion');
  const payload = await verifyUserAssertion(ctx, assertion);
  const own = ctx.dir.resources.find((r) => r.clientId === ctx.client.clientId);
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!own || !audiences.some((a) => own.identifiers.some((id) => id.toLowerCase() === String(a).toLowerCase()))) {
    throw invalidAssertion(
      50013,
      `Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was ` +
        `'${audiences.join(', ')}' and the expected audience is '${ctx.client.clientId}' or one of the Application Id ` +
        'URIs of this application.',
    );
  }
  if (typeof payload.scp !== 'string' || payload.scp === '') {
    throw invalidAssertion(
      50013,
      'Assertion is not a user assertion: an app-only token (no scp claim) cannot be exchanged on behalf of a user. ' +
        'Use the client credentials flow for application callers.',
    );
  }
  const user = ctx.dir.users.find((u) => u.oid === payload.oid && u.tenantId === payload.tid);
  if (!user) {
    throw invalidAssertion(
      50034,
      `The user account ${String(payload.oid)} does not exist in the ${ctx.tenantId} directory.`,
    );
  }
  const scopes = grantedDelegatedScopes(ctx.dir, ctx.client.clientId, ctx.target);
  return { subject: { kind: 'user', user, scopes }, delegated: true };
}
