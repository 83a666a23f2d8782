import type express from 'express';
import { createClock, type Clock } from '../clock';
import { buildEntraApp } from './app';
import { createAuthorizationCodes } from './authorization-codes';
import { FaultInjector, faultRequestSchema, type FaultInput } from './faults';
import { createKeyRing } from './keys';
import { createDirectory, findResourceByClientId, type TokenVersion } from './registrations';
import { RequestLog, type TokenRequestLog } from './request-log';

export { DEV_CERTIFICATE_PATH, DEV_CERTIFICATE_THUMBPRINT_SHA256, loadDevCertificate } from './certificate';
export { authorityMetadata, openIdConfiguration } from './metadata';
export { requestAppToken, requestUserToken } from './dev-tokens';
export { CI_APP_ROLE, CI_DELEGATED_SCOPE } from './registrations';
export type { FaultInput, FaultRequest } from './faults';
export type { TokenRequestLog } from './request-log';

/** Options of the Entra ID stand-in. */
export interface EntraStandInOptions {
  /** Shared emulator clock (token times, expiry checks); real time when omitted. */
  clock?: Clock;
  /** Public base URL written into metadata documents; derived from each request's Host until set. */
  baseUrl?: string;
}

/** The stand-in: an Express app (not listening) plus in-process control of what `/_emulator/*` controls over HTTP. */
export interface EntraStandIn {
  app: express.Application;
  clock: Clock;
  /** Sets the public base URL (call after `listen` when the port was 0). */
  setBaseUrl(url: string): void;
  /** Signs new tokens with a fresh key; the previous key stays published. Resolves to the new kid. */
  rotateKeys(): Promise<string>;
  /** The kid new tokens are signed with. */
  currentKid(): Promise<string>;
  /** Token requests received so far, oldest first. */
  requests(): TokenRequestLog[];
  clearRequests(): void;
  /** Arms a fault (same body as `POST /_emulator/faults`). */
  injectFault(fault: FaultInput): void;
  /** Disarms faults and releases hung requests (call before closing a server that saw a `hang`). */
  clearFaults(): void;
  /** Switches a resource app's `accessTokenAcceptedVersion` (PROXY_APP.clientId or CI_APP_ID). */
  setAccessTokenVersion(clientId: string, version: TokenVersion): void;
}

/** Creates the Entra ID stand-in of design.md §2 without listening. */
export function createEntraStandIn(options: EntraStandInOptions = {}): EntraStandIn {
  const clock = options.clock ?? createClock();
  let baseUrl = options.baseUrl?.replace(/\/+$/, '');
  const dir = createDirectory();
  const keys = createKeyRing();
  const faults = new FaultInjector();
  const log = new RequestLog();
  const rotateKeys = () => keys.rotate();
  const codes = createAuthorizationCodes(clock);
  const app = buildEntraApp({ dir, keys, clock, faults, log, rotateKeys, codes, configuredBaseUrl: () => baseUrl });
  return {
    app,
    clock,
    setBaseUrl: (url) => void (baseUrl = url.replace(/\/+$/, '')),
    rotateKeys,
    currentKid: async () => (await keys.current()).kid,
    requests: () => log.list(),
    clearRequests: () => log.clear(),
    injectFault: (fault) => faults.arm(faultRequestSchema.parse(fault)),
    clearFaults: () => faults.clear(),
    setAccessTokenVersion(clientId, version) {
      const resource = findResourceByClientId(dir, clientId);
      if (!resource) throw new RangeError(`no resource application with client id '${clientId}'`);
      resource.accessTokenAcceptedVersion = version;
    },
  };
}
