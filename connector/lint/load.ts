/** Reads a connector folder: the two JSON files, and the readme and icon where the repo or a package keeps them. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from './finding';
import type { JsonObject } from './json-value';
import { isObject } from './json-value';

export const SWAGGER_FILE = 'apiDefinition.swagger.json';
export const PROPERTIES_FILE = 'apiProperties.json';
/** The repo keeps readme and icon under connector/; a packaged folder keeps them beside the JSON files. */
const README_CANDIDATES = ['connector/readme.md', 'readme.md'];
const ICON_CANDIDATES = ['connector/icon.png', 'icon.png'];
const SETTINGS_CANDIDATES = ['connector/settings.json', 'settings.json'];

export interface LoadedConnector {
  swagger?: JsonObject;
  properties?: JsonObject;
  swaggerBytes: number;
  readme?: { file: string; text: string };
  icon?: { file: string; bytes: Buffer };
  settings?: { file: string; value: JsonObject };
  findings: Finding[];
}

function readJson(dir: string, file: string, findings: Finding[]): { value?: JsonObject; bytes: number } {
  const full = join(dir, file);
  if (!existsSync(full)) {
    findings.push({ file, pointer: '', rule: 'FileMissing', message: `${full} does not exist.` });
    return { bytes: 0 };
  }
  const raw = readFileSync(full);
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    if (isObject(value)) return { value, bytes: raw.length };
    findings.push({ file, pointer: '', rule: 'FileNotJson', message: `${file} must hold a JSON object.` });
  } catch (error) {
    findings.push({
      file,
      pointer: '',
      rule: 'FileNotJson',
      message: `${file} is not JSON: ${(error as Error).message}`,
    });
  }
  return { bytes: raw.length };
}

/** Loads what exists; missing or unreadable JSON files become findings instead of exceptions. */
export function loadConnectorDir(dir: string): LoadedConnector {
  const findings: Finding[] = [];
  const swagger = readJson(dir, SWAGGER_FILE, findings);
  const properties = readJson(dir, PROPERTIES_FILE, findings);
  const readmeFile = README_CANDIDATES.find((f) => existsSync(join(dir, f)));
  const iconFile = ICON_CANDIDATES.find((f) => existsSync(join(dir, f)));
  const settingsFile = SETTINGS_CANDIDATES.find((f) => existsSync(join(dir, f)));
  const settings = settingsFile ? readJson(dir, settingsFile, findings).value : undefined;
  return {
    swagger: swagger.value,
    properties: properties.value,
    swaggerBytes: swagger.bytes,
    readme: readmeFile ? { file: readmeFile, text: readFileSync(join(dir, readmeFile), 'utf8') } : undefined,
    icon: iconFile ? { file: iconFile, bytes: readFileSync(join(dir, iconFile)) } : undefined,
    settings: settingsFile && settings ? { file: settingsFile, value: settings } : undefined,
    findings,
  };
}
