/**
 * Identifiers makers type when packaging: Entra tenants, Power Platform environment ids and Key Vault secret ids.
 * Each check returns why a value is wrong, or undefined when it is right.
 */
import { GUID_PATTERN } from './constants';

/**
 * A Power Platform environment id: a GUID, or `Default-<tenant GUID>`, the id every tenant's default environment has
 * (https://learn.microsoft.com/power-platform/admin/environments-overview#the-default-environment).
 */
export const ENVIRONMENT_ID_PATTERN = /^(Default-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function environmentIdProblem(value: string): string | undefined {
  return ENVIRONMENT_ID_PATTERN.test(value)
    ? undefined
    : `"${value}" is not an environment id (a GUID, or Default-<tenant GUID> for the default environment)`;
}

/** Tenant values for multi-tenant registrations; Entra refuses them for a single-tenant app (AADSTS50194). */
export const MULTI_TENANT_AUTHORITIES = ['organizations', 'common'];

const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** A tenant as the sign-in URL takes it: a GUID, a verified domain, or `organizations`/`common` (multi-tenant). */
export function tenantProblem(value: string): string | undefined {
  if (GUID_PATTERN.test(value) || DOMAIN.test(value) || MULTI_TENANT_AUTHORITIES.includes(value.toLowerCase()))
    return undefined;
  return (
    `"${value}" is not a tenant: give the tenant GUID or a verified domain such as contoso.onmicrosoft.com ` +
    '(or "organizations" for a multi-tenant registration)'
  );
}

const KEY_VAULT_SECRET =
  /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults\/[A-Za-z0-9-]{3,24}\/secrets\/[A-Za-z0-9-]{1,127}$/i;

/**
 * The value of a Secret environment variable is the Key Vault secret's resource id, never the secret itself
 * (https://learn.microsoft.com/power-apps/maker/data-platform/environmentvariables-azure-key-vault-secrets).
 */
export function keyVaultSecretProblem(value: string): string | undefined {
  return KEY_VAULT_SECRET.test(value)
    ? undefined
    : `"${value}" is not a Key Vault secret resource id ` +
        '(/subscriptions/<GUID>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<vault>/secrets/<name>)';
}
