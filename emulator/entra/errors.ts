import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import type { Clock } from '../clock';

/** OAuth error code Entra puts in `error`. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'invalid_resource'
  | 'invalid_scope'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'temporarily_unavailable'
  | 'server_error';

/** A failure the stand-in reports in Entra's shape: HTTP status, OAuth `error`, AADSTS number and text. */
export class EntraError extends Error {
  constructor(
    readonly status: number,
    readonly error: OAuthErrorCode,
    readonly aadsts: number,
    readonly description: string,
  ) {
    super(`AADSTS${aadsts}: ${description}`);
    this.name = 'EntraError';
  }
}

/** Entra's wire timestamp format, e.g. `2026-11-22 08:31:02Z`. */
function entraTimestamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** The JSON body Entra sends with an error (the description repeats trace, correlation and time, as Entra's does). */
export function entraErrorBody(err: EntraError, clock: Clock, correlationId?: string) {
  const traceId = randomUUID();
  const correlation = correlationId && /^[\w-]{1,64}$/.test(correlationId) ? correlationId : randomUUID();
  const timestamp = entraTimestamp(clock.now());
  return {
    error: err.error,
    error_description:
      `AADSTS${err.aadsts}: ${err.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\n` +
      `Timestamp: ${timestamp}`,
    error_codes: [err.aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlation,
    error_uri: `https://login.microsoftonline.com/error?code=${err.aadsts}`,
  };
}

/** Writes an `EntraError` the way Entra does (no-store, JSON). */
export function sendEntraError(res: Response, err: EntraError, clock: Clock, correlationId?: string): void {
  res
    .status(err.status)
    .set('Cache-Control', 'no-store')
    .json(entraErrorBody(err, clock, correlationId));
}

// Named constructors for the errors the stand-in raises; texts follow Entra's own messages.

/** AADSTS900144: a required form field is missing. */
export const missingParameter = (name: string) =>
  new EntraError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`);

/** AADSTS90002: the tenant in the URL does not exist. */
export const tenantNotFound = (tenant: string) =>
  new EntraError(
    400,
    'invalid_request',
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  );

/** AADSTS700016: no such client in the tenant. */
export const unknownClient = (clientId: string, tenant: string) =>
  new EntraError(
    400,
    'unauthorized_client',
    700016,
    `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the ` +
      'application has not been installed by the administrator of the tenant or consented to by any user in the tenant.',
  );

/** AADSTS7000215: wrong client secret. */
export const invalidClientSecret = (clientId: string) =>
  new EntraError(
    401,
    'invalid_client',
    7000215,
    `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the ` +
      `client secret ID, for a secret added to app '${clientId}'.`,
  );

/** AADSTS7000218: a confidential client sent no credential. */
export const missingClientCredential = () =>
  new EntraError(
    401,
    'invalid_client',
    7000218,
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  );

/** AADSTS500011: the requested resource is not in the tenant. */
export const unknownResource = (resource: string, tenant: string) =>
  new EntraError(
    400,
    'invalid_resource',
    500011,
    `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the ` +
      'application has not been installed by the administrator of the tenant or consented to by any user in the tenant.',
  );
