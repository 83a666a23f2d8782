/**
 * settings.json rules: the argument store paconn (and our packaging) uses (docs/power-platform.md#json-schemas,
 * #paconn-and-pac).
 */
import { SETTINGS_KEYS } from '../constants';
import { ENVIRONMENT_ID_PATTERN } from '../identifiers';
import type { RuleGroup } from '../context';
import { pointerOf } from '../finding';

/** Checks settings.json when one was found. */
export const settingsRules: RuleGroup = ({ settings, sinks }) => {
  if (settings === undefined) return;
  const out = sinks.settings;
  for (const key of Object.keys(settings))
    if (!SETTINGS_KEYS.includes(key))
      out.add(
        pointerOf('', key),
        'SettingsKeyNotAllowed',
        `"${key}" is not a key paconn reads; use ${SETTINGS_KEYS.join(', ')}.`,
      );
  if ('environment' in settings && !ENVIRONMENT_ID_PATTERN.test(String(settings.environment)))
    out.add(
      '/environment',
      'SettingsEnvironmentNotGuid',
      `environment ${JSON.stringify(settings.environment)} must be the environment id (a GUID, or Default-<tenant GUID>).`,
    );
};
