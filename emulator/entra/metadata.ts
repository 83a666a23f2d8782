import { Router, type Request, type Response } from 'express';
import type { Clock } from '../clock';
import { issuerFor } from './claims';
import { ENTRA_PRODUCTION_HOST } from './constants';
import { EntraError, sendEntraError } from './errors';
import type { FaultInjector } from './faults';
import type { KeyRing } from './keys';
import { resolveTenant } from './tenants';

/** The OpenID configuration Entra publishes for a tenant (v2 or v1), with endpoints at `baseUrl`. */
export function openIdConfiguration(baseUrl: string, tenantSegment: string, version: 1 | 2): Record<string, unknown> {
  const tid = resolveTenant(tenantSegment);
  const root = `${baseUrl}/${tenantSegment}`;
  const v = version === 2 ? '/v2.0' : '';
  // For common/organizations Entra publishes the issuer as a template with a literal {tenantid}.
  const issuer = issuerFor(tid ?? '{tenantid}', version);
  return {
    token_endpoint: `${root}/oauth2${v}/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${root}/discovery${v}/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer,
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: `${root}/oauth2${v}/authorize`,
    device_authorization_endpoint: `${root}/oauth2${v}/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${root}/oauth2${v}/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'tid', 'ver', 'oid', 'name'],
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
  };
}

/**
 * The `authorityMetadata` string for MSAL (docs/entra.md#pointing-msal-at-a-local-identity-provider): keep the production authority
 * `https://login.microsoftonline.com/{tid}` and point its endpoints at the stand-in.
 */
export function authorityMetadata(entraUrl: string, tenantId: string): string {
  return JSON.stringify(openIdConfiguration(entraUrl.replace(/\/+$/, ''), tenantId, 2));
}

/** Dependencies of the metadata routes. */
export interface MetadataDeps {
  keys: KeyRing;
  clock: Clock;
  faults: FaultInjector;
  baseUrl(req: Request): string;
}

/** Routes for the discovery documents and JWKS (v2 and v1 paths). */
export function metadataRouter(deps: MetadataDeps): Router {
  const router = Router();
  const guarded =
    (fn: (req: Request, res: Response) => Promise<void> | void) => async (req: Request, res: Response) => {
      try {
        await fn(req, res);
      } catch (err) {
        if (!(err instanceof EntraError)) throw err;
        sendEntraError(res, err, deps.clock);
      }
    };
  const config = (version: 1 | 2) =>
    guarded((req, res) => {
      res.json(openIdConfiguration(deps.baseUrl(req), String(req.params.tenant), version));
    });
  const jwks = (version: 1 | 2) =>
    guarded(async (req, res) => {
      resolveTenant(String(req.params.tenant));
      const fault = deps.faults.take('jwks');
      if (fault) return void deps.faults.apply(fault, res, deps.clock);
      const keys = await deps.keys.published();
      // v2 key entries carry the issuer template, as Entra's do.
      const extra = version === 2 ? { issuer: `${ENTRA_PRODUCTION_HOST}/{tenantid}/v2.0` } : {};
      res.json({ keys: keys.map((k) => ({ ...k.jwk, ...extra })) });
    });
  router.get('/:tenant/v2.0/.well-known/openid-configuration', config(2));
  router.get('/:tenant/.well-known/openid-configuration', config(1));
  router.get('/:tenant/discovery/v2.0/keys', jwks(2));
  router.get('/:tenant/discovery/keys', jwks(1));
  return router;
}
