import { timingSafeEqual } from 'node:crypto';
import { decodeProtectedHeader, errors as joseErrors, importX509, jwtVerify, type KeyLike } from 'jose';
import type { Clock } from '../clock';
import type { ClientAuthMethod } from './claims';
import { CLIENT_ASSERTION_CLOCK_TOLERANCE_SECONDS, JWT_BEARER_ASSERTION_TYPE } from './constants';
import { EntraError, invalidClientSecret, missingClientCredential } from './errors';
import { isFederatedAssertion, verifyFederatedAssertion } from './federated-credential';
import type { ClientRegistration } from './registrations';

/** What the token endpoint knows when it authenticates a client. */
export interface ClientAuthContext {
  form: Record<string, string>;
  client: ClientRegistration;
  /** Audiences a client assertion may carry: this token endpoint (local and production spellings). */
  assertionAudiences: string[];
  clock: Clock;
}

const assertionError = (code: number, text: string) => new EntraError(401, 'invalid_client', code, text);

function secretMatches(sent: string, registered: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(registered);
  return a.length === b.length && timingSafeEqual(a, b);
}

const certificateKeys = new Map<string, Promise<KeyLike>>();

/** Imports (once per certificate and algorithm) the registered certificate's public key. */
function certificateKey(pem: string, alg: string): Promise<KeyLike> {
  const cacheKey = `${alg}:${pem}`;
  let key = certificateKeys.get(cacheKey);
  if (!key) certificateKeys.set(cacheKey, (key = importX509(pem, alg)));
  return key;
}

/** Checks a certificate-signed client assertion (RFC 7523) the way Entra does: thumbprint, signature, iss/sub, aud, time. */
async function verifyAssertion(ctx: ClientAuthContext, assertion: string): Promise<void> {
  const { client } = ctx;
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    throw assertionError(50027, 'JWT token is invalid or malformed (client_assertion).');
  }
  const sentThumbprint = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
  const registered = client.certificate;
  const expected = registered ? Buffer.from(registered.thumbprintSha256, 'hex').toString('base64url') : undefined;
  if (!registered || !sentThumbprint || sentThumbprint !== expected) {
    throw assertionError(
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. ` +
        `[Reason - The key was not found., Thumbprint of key used by client: '${sentThumbprint ?? header.x5t ?? ''}'].`,
    );
  }
  const alg = header.alg === 'RS256' ? 'RS256' : 'PS256';
  try {
    const { payload } = await jwtVerify(assertion, await certificateKey(registered.certificatePem, alg), {
      algorithms: ['PS256', 'RS256'],
      clockTolerance: CLIENT_ASSERTION_CLOCK_TOLERANCE_SECONDS,
      currentDate: new Date(ctx.clock.now()),
      requiredClaims: ['exp', 'aud', 'iss', 'sub'],
    });
    if (payload.iss !== client.clientId || payload.sub !== client.clientId) {
      throw assertionError(700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
    }
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!audiences.some((a) => typeof a === 'string' && ctx.assertionAudiences.includes(a))) {
      throw assertionError(
        50027,
        `Invalid JWT token. AUD claim is not valid: '${audiences.join(', ')}'. Expected the token endpoint ` +
          `'${ctx.assertionAudiences[0]}'.`,
      );
    }
  } catch (err) {
    if (err instanceof EntraError) throw err;
    if (
      err instanceof joseErrors.JWTExpired ||
      (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'nbf')
    ) {
      throw assertionError(700024, 'Client assertion is not within its valid time range.');
    }
    if (err instanceof joseErrors.JWSSignatureVerificationFailed) {
      throw assertionError(700027, 'Client assertion failed signature validation.');
    }
    throw assertionError(50027, `JWT token is invalid or malformed (client_assertion): ${(err as Error).message}`);
  }
}

/** Authenticates a confidential client by secret, certificate or federated assertion; returns Entra's `appidacr`. */
export async function authenticateClient(ctx: ClientAuthContext): Promise<ClientAuthMethod> {
  const { form, client } = ctx;
  const secret = form.client_secret;
  const assertion = form.client_assertion;
  if (secret !== undefined && assertion !== undefined) {
    throw new EntraError(
      400,
      'invalid_request',
      90023,
      "The request must contain only one client credential: 'client_secret' or 'client_assertion'.",
    );
  }
  if (assertion !== undefined) {
    if (form.client_assertion_type !== JWT_BEARER_ASSERTION_TYPE) {
      throw new EntraError(
        400,
        'invalid_request',
        900144,
        `The request body must contain the following parameter: 'client_assertion_type' = '${JWT_BEARER_ASSERTION_TYPE}'.`,
      );
    }
    // An assertion the client signed itself proves its certificate; one from another issuer (e.g. a managed
    // identity's token) must match a federated identity credential of the client.
    if (isFederatedAssertion(assertion, client.clientId)) {
      await verifyFederatedAssertion(assertion, client.clientId, ctx.assertionAudiences, ctx.clock);
    } else {
      await verifyAssertion(ctx, assertion);
    }
    return '2';
  }
  if (secret !== undefined) {
    if (!client.secret || !secretMatches(secret, client.secret)) throw invalidClientSecret(client.clientId);
    return '1';
  }
  throw missingClientCredential();
}
