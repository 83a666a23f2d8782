import type { Request, Response } from 'express';
import type { Clock } from '../clock';
import { APP_SERVICE_MSI_API_VERSION } from './constants';
import { EntraError, missingParameter, sendEntraError, unknownResource } from './errors';
import type { FaultInjector } from './faults';
import { issueAccessToken } from './issue';
import type { KeyRing } from './keys';
import { appRolesOf, findResource, type Directory } from './registrations';
import type { RequestLog } from './request-log';
import { TENANT_ID } from '../well-known';

/** Dependencies of the managed-identity endpoint. */
export interface ManagedIdentityDeps {
  dir: Directory;
  keys: KeyRing;
  clock: Clock;
  faults: FaultInjector;
  log: RequestLog;
}

const badRequest = (text: string) => new EntraError(400, 'invalid_request', 900144, text);

/** Picks the identity a request selects (system-assigned when no selector; App Service selectors of MSAL Node). */
function checkSelector(dir: Directory, query: Record<string, unknown>): void {
  const mi = dir.managedIdentity;
  const selectors: [string, string | undefined][] = [
    ['client_id', mi.clientId],
    ['object_id', mi.objectId],
    ['principal_id', mi.objectId],
    ['mi_res_id', undefined],
  ];
  for (const [name, expected] of selectors) {
    const sent = query[name];
    if (sent === undefined) continue;
    if (typeof sent !== 'string' || !expected || sent.toLowerCase() !== expected.toLowerCase()) {
      throw badRequest(`No managed identity matches ${name}='${String(sent)}' on this App Service.`);
    }
  }
}

/** `GET /msi/token`: the App Service managed-identity endpoint (docs/entra.md#credentials, #offline-stand-ins). */
export function managedIdentityHandler(deps: ManagedIdentityDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const started = new Date(deps.clock.now()).toISOString();
    const mi = deps.dir.managedIdentity;
    const query = req.query as Record<string, unknown>;
    const resourceParam = typeof query.resource === 'string' ? query.resource : undefined;
    const log = {
      at: started,
      endpoint: 'msi' as const,
      tenant: TENANT_ID,
      clientId: mi.clientId,
      resource: resourceParam,
    };
    const fault = deps.faults.take('msi');
    if (fault) {
      const status = deps.faults.apply(fault, res, deps.clock, mi.clientId);
      deps.log.add({ ...log, status, fault: fault.kind });
      return;
    }
    try {
      if (req.get('x-identity-header') !== mi.identityHeader) {
        throw new EntraError(401, 'invalid_request', 900144, "The 'X-IDENTITY-HEADER' header is missing or wrong.");
      }
      if (query['api-version'] !== APP_SERVICE_MSI_API_VERSION) {
        throw badRequest(`The 'api-version' query parameter must be '${APP_SERVICE_MSI_API_VERSION}'.`);
      }
      if (!resourceParam) throw missingParameter('resource');
      checkSelector(deps.dir, query);
      const identifier = resourceParam.replace(/\/\.default$/, '');
      const resource = findResource(deps.dir, identifier);
      if (!resource) throw unknownResource(identifier, TENANT_ID);
      const roles = appRolesOf(deps.dir, mi.clientId, resource);
      const issued = await issueAccessToken(deps.keys, {
        tenantId: TENANT_ID,
        resource,
        requestedIdentifier: identifier,
        clientId: mi.clientId,
        clientAuth: '2',
        subject: { kind: 'app', principal: mi, roles },
        nowSeconds: Math.floor(deps.clock.now() / 1000),
      });
      res.set('Cache-Control', 'no-store').json({
        access_token: issued.accessToken,
        expires_on: String(issued.expiresOn),
        resource: identifier,
        token_type: 'Bearer',
        client_id: mi.clientId,
      });
      deps.log.add({ ...log, status: 200 });
    } catch (err) {
      if (!(err instanceof EntraError)) throw err;
      sendEntraError(res, err, deps.clock);
      deps.log.add({ ...log, status: err.status, error: err.error });
    }
  };
}
