/**
 * apiProperties.json rules: brand colour, keys, Entra ID OAuth, publisher, secrets
 * (docs/power-platform.md#apiproperties, #checklist).
 */
import {
  AAD_CUSTOM_PARAMETERS,
  APP_ID_URI_SCHEMES,
  CONNECTION_PARAMETER_NAME,
  FORBIDDEN_BRAND_COLORS,
  OAUTH_PARAMETER_NAME,
  OAUTH_REDIRECT_MODE,
  PROPERTIES_KEYS,
} from '../constants';
import type { RuleGroup } from '../context';
import { type FindingSink, pointerOf } from '../finding';
import { isObject, objectOr, text } from '../json-value';

/**
 * True for an Entra ID App ID URI such as `api://ci-proxy`, `api://<guid>` or `https://contoso.example/ci-proxy`:
 * an absolute URI with an allowed scheme, something after it, and no query, fragment or spaces.
 */
export function isAppIdUri(value: unknown): boolean {
  if (typeof value !== 'string' || /[\s?#]/.test(value) || !/^[a-z][a-z0-9+.-]*:/i.test(value)) return false;
  try {
    const url = new URL(value);
    if (!APP_ID_URI_SCHEMES.includes(url.protocol.toLowerCase())) return false;
    return url.protocol === 'urn:'
      ? url.pathname.length > 0
      : url.host !== '' || url.pathname.replace(/^\/+/, '') !== '';
  } catch {
    return false;
  }
}

const SECRET_KEY = /secret|password|apikey|api_key|subscriptionkey/i;

function findSecrets(node: unknown, pointer: string, out: FindingSink): void {
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    const at = pointerOf(pointer, key);
    if (SECRET_KEY.test(key) && typeof value === 'string' && value.trim() !== '')
      out.add(
        at,
        'SecretCommitted',
        `"${key}" holds a value; secrets are passed at deploy time (paconn --secret, pac, the portal).`,
      );
    else if (key === 'default' && /securestring/i.test(String(node.type)))
      out.add(at, 'SecretCommitted', 'A securestring connection parameter may not carry a default.');
    findSecrets(value, at, out);
  }
}

/** Checks apiProperties.json. */
export const propertiesRules: RuleGroup = ({ properties: file, sinks }) => {
  const out = sinks.properties;
  const props = objectOr(file.properties);
  const color = props.iconBrandColor;
  if (color === undefined) out.add('/properties', 'BrandColorMissing', 'iconBrandColor is required.');
  else if (
    typeof color !== 'string' ||
    !/^#[0-9a-f]{6}$/i.test(color) ||
    FORBIDDEN_BRAND_COLORS.includes(color.toLowerCase())
  )
    out.add(
      '/properties/iconBrandColor',
      'BrandColorNotAllowed',
      `"${String(color)}" must be #rrggbb and not ${FORBIDDEN_BRAND_COLORS.join(' or ')}.`,
    );
  for (const key of Object.keys(props))
    if (!PROPERTIES_KEYS.includes(key))
      out.add(pointerOf('/properties', key), 'PropertiesKeyNotAllowed', `"${key}" is not allowed under properties.`);
  if (!text(props.publisher))
    out.add('/properties', 'PublisherMissing', 'publisher (the company) is required for certification.');
  if (!text(props.stackOwner))
    out.add('/properties', 'StackOwnerMissing', 'stackOwner (the backend owner) is required for certification.');
  if (!Array.isArray(props.capabilities))
    out.add('/properties', 'CapabilitiesMissing', 'capabilities must be a list, e.g. ["actions"].');

  for (const name of Object.keys(objectOr(props.connectionParameters)))
    if (!CONNECTION_PARAMETER_NAME.test(name))
      out.add(
        pointerOf('/properties/connectionParameters', name),
        'ConnectionParameterNameNotValid',
        `"${name}" must be letters, digits and "_" (or name:sub such as token:clientId).`,
      );
  const token = objectOr(props.connectionParameters)[OAUTH_PARAMETER_NAME];
  const at = pointerOf('/properties/connectionParameters', OAUTH_PARAMETER_NAME);
  if (!isObject(token) || token.type !== 'oauthSetting') {
    out.add(
      '/properties/connectionParameters',
      'TokenParameterMissing',
      `An oauthSetting parameter named "${OAUTH_PARAMETER_NAME}" is required (paconn injects the secret into it).`,
    );
  } else {
    const settings = objectOr(token.oAuthSettings);
    if (settings.identityProvider !== 'aad')
      out.add(
        pointerOf(at, 'oAuthSettings', 'identityProvider'),
        'IdentityProviderNotAad',
        'identityProvider must be "aad" (Microsoft Entra ID).',
      );
    const resource = objectOr(objectOr(settings.customParameters).resourceUri).value;
    if (!isAppIdUri(resource))
      out.add(
        pointerOf(at, 'oAuthSettings', 'customParameters', 'resourceUri'),
        'ResourceUriMissing',
        `resourceUri must be the proxy's App ID URI, got ${JSON.stringify(resource)}.`,
      );
    for (const key of Object.keys(objectOr(settings.customParameters)))
      if (!AAD_CUSTOM_PARAMETERS.includes(key))
        out.add(
          pointerOf(at, 'oAuthSettings', 'customParameters', key),
          'CustomParameterNotAllowed',
          `"${key}" is not an aad custom parameter; use ${AAD_CUSTOM_PARAMETERS.join(', ')} (case-sensitive).`,
        );
    if (settings.redirectMode !== OAUTH_REDIRECT_MODE)
      out.add(
        pointerOf(at, 'oAuthSettings', 'redirectMode'),
        'RedirectModeNotGlobalPerConnector',
        `redirectMode must be "${OAUTH_REDIRECT_MODE}".`,
      );
  }
  findSecrets(file, '', out);
};
