/**
 * Turns what MSAL throws into the proxy's catalogued errors. MSAL's own messages (trace ids, correlation ids,
 * sometimes request details) are never relayed; only the AADSTS code is kept, so an admin can look it up.
 */
import type { AppError } from '../errors/app-error';
import { onBehalfOfFailed, tokenAcquisitionFailed, tokenServiceUnavailable } from '../errors';
import { TokenTimeoutError } from './token-network';

interface MsalLikeError {
  errorCode?: string;
  errorMessage?: string;
  subError?: string;
  status?: number;
  cause?: unknown;
}

/** Codes that mean "the user must sign in or consent again" (docs/entra.md#the-obo-chain: OBO + Conditional Access). */
const USER_ACTION_CODES = new Set(['invalid_grant', 'interaction_required', 'consent_required', 'login_required']);
/** Codes that mean Entra is unreachable, slow or throttling: worth a retry later. */
const TRANSIENT_CODES = new Set(['network_error', 'temporarily_unavailable', 'server_error', 'request_timeout']);

function isTimeout(err: unknown, depth = 0): boolean {
  if (err instanceof TokenTimeoutError) return true;
  if (depth > 3 || typeof err !== 'object' || err === null) return false;
  const e = err as MsalLikeError & { message?: string };
  return isTimeout(e.cause, depth + 1) || /request timeout|TokenTimeoutError/i.test(String(e.errorMessage ?? ''));
}

/**
 * Maps an MSAL failure to an AppError; `delegated` says whether this was an on-behalf-of exchange, `timedOut` whether
 * the network client saw a timeout during the attempt (MSAL hides it behind `network_error`).
 */
export function explainTokenError(err: unknown, delegated: boolean, timedOut = false): AppError {
  if (timedOut || isTimeout(err)) {
    return tokenServiceUnavailable('Entra ID did not answer in time while the proxy was getting a token; retry.');
  }
  const e = (typeof err === 'object' && err !== null ? err : {}) as MsalLikeError;
  const code = String(e.errorCode ?? '');
  const aadsts = /AADSTS\d+/.exec(String(e.errorMessage ?? ''))?.[0];
  const ref = aadsts ? ` (${aadsts})` : '';
  const status = typeof e.status === 'number' ? e.status : undefined;
  // MSAL's local throttle (after a 429/5xx, docs/entra.md#client-credentials-and-the-cache) rethrows a ServerError
  // whose code is the numeric `error_codes` list and which has no status.
  const throttled = /^\d+( \d+)*$/.test(code) && status === undefined;
  if (TRANSIENT_CODES.has(code) || throttled || status === 429 || (status !== undefined && status >= 500)) {
    return tokenServiceUnavailable(`Entra ID is unavailable or throttling the proxy${ref}; retry shortly.`);
  }
  if (delegated && USER_ACTION_CODES.has(code)) {
    return onBehalfOfFailed(
      code === 'invalid_grant'
        ? `Entra ID would not exchange the signed-in user's token for Customer Insights${ref}: sign in again, or ask an admin to grant consent.`
        : `Entra ID requires the signed-in user to sign in again or consent${ref} before the proxy can call Customer Insights for them.`,
    );
  }
  if (code === 'invalid_client' || code === 'unauthorized_client') {
    return tokenAcquisitionFailed(`Entra ID rejected the proxy's own credential${ref}; the operator must check it.`);
  }
  return tokenAcquisitionFailed(`Entra ID refused the proxy a token for Customer Insights${ref}.`);
}
