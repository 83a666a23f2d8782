import type { Request, Response } from 'express';
import { allowOrigin } from './cors';
import { EntraError, sendEntraError } from './errors';
import type { FaultInjector } from './faults';
import type { RequestLog, TokenRequestLog } from './request-log';
import { handleTokenRequest, type TokenEndpointDeps } from './token-endpoint';

/** Dependencies of the token routes. */
export interface TokenRouteDeps extends TokenEndpointDeps {
  faults: FaultInjector;
  log: RequestLog;
  baseUrls(req: Request): string[];
}

const malformed = (text: string) =>
  new EntraError(400, 'invalid_request', 9002313, `Invalid request. Request is malformed or invalid. ${text}`);

/** The form as flat strings; anything else (JSON, repeated fields) is refused as Entra refuses it. */
function readForm(req: Request): Record<string, string> {
  if (!req.is('application/x-www-form-urlencoded') || typeof req.body !== 'object' || req.body === null) {
    throw malformed("The token endpoint accepts only 'application/x-www-form-urlencoded' bodies.");
  }
  const form: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.body as Record<string, unknown>)) {
    if (typeof value !== 'string') throw malformed(`The parameter '${key}' appears more than once.`);
    form[key] = value;
  }
  return form;
}

/** `POST /{tenant}/oauth2[/v2.0]/token`: faults first, then the grant pipeline; every request is logged. */
export function tokenRoute(deps: TokenRouteDeps, version: 1 | 2) {
  return async (req: Request, res: Response): Promise<void> => {
    const log: Partial<TokenRequestLog> = { tokenVersion: version };
    const at = new Date(deps.clock.now()).toISOString();
    const correlationId = req.get('client-request-id') ?? (req.query['client-request-id'] as string | undefined);
    const record = (status: number, extra: Partial<TokenRequestLog> = {}) =>
      deps.log.add({
        ...log,
        ...extra,
        at,
        endpoint: 'token',
        tenant: log.tenant ?? String(req.params.tenant),
        status,
      });
    if (version === 2) allowOrigin(req, res);
    const fault = deps.faults.take('token');
    if (fault) {
      const clientId = typeof req.body?.client_id === 'string' ? req.body.client_id : undefined;
      const grant = typeof req.body?.grant_type === 'string' ? req.body.grant_type : undefined;
      record(deps.faults.apply(fault, res, deps.clock, clientId), { fault: fault.kind, clientId, grant });
      return;
    }
    try {
      const body = await handleTokenRequest(
        deps,
        {
          tenantSegment: String(req.params.tenant),
          version,
          form: readForm(req),
          baseUrls: deps.baseUrls(req),
          origin: req.get('origin'),
        },
        log,
      );
      res.set('Cache-Control', 'no-store').json(body);
      record(200);
    } catch (err) {
      if (!(err instanceof EntraError)) throw err;
      sendEntraError(res, err, deps.clock, correlationId);
      record(err.status, { error: err.error });
    }
  };
}
