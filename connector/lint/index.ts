/**
 * The offline connector lint: swagger-parser validation plus every certification and Swagger Validator rule that can be
 * checked without Power Platform (docs/power-platform.md#validation-tooling, #checklist). `npm run connector:lint` is
 * its CLI (main.ts).
 */
import type { LintContext, RuleGroup } from './context';
import { type Finding, FindingSink } from './finding';
import type { JsonObject } from './json-value';
import { loadConnectorDir, PROPERTIES_FILE, SWAGGER_FILE } from './load';
import { openApiFindings } from './openapi-validation';
import { documentRules } from './rules/document-rules';
import { dynamicRules } from './rules/dynamic-rules';
import { iconRules } from './rules/icon-rules';
import { infoRules } from './rules/info-rules';
import { operationRules } from './rules/operation-rules';
import { parameterRules } from './rules/parameter-rules';
import { pathRules } from './rules/path-rules';
import { propertiesRules } from './rules/properties-rules';
import { readmeRules } from './rules/readme-rules';
import { schemaRules } from './rules/schema-rules';
import { settingsRules } from './rules/settings-rules';

export type { Finding } from './finding';
export { RULE_CATALOG, RULE_NAMES, type RuleName } from './rule-catalog';

/** The files to lint when they are already in memory (tests, packaging). */
export interface ConnectorFiles {
  swagger: JsonObject;
  properties: JsonObject;
  readme?: string;
  icon?: Buffer;
  settings?: JsonObject;
}

const SWAGGER_GROUPS: RuleGroup[] = [
  infoRules,
  documentRules,
  operationRules,
  pathRules,
  parameterRules,
  schemaRules,
  dynamicRules,
  readmeRules,
];

/** Lints a connector folder (the repo root or a packaged folder) or in-memory files; resolves to every finding. */
export async function lintConnector(input: string | ConnectorFiles): Promise<Finding[]> {
  const loaded =
    typeof input === 'string'
      ? loadConnectorDir(input)
      : {
          swagger: input.swagger,
          properties: input.properties,
          swaggerBytes: Buffer.byteLength(JSON.stringify(input.swagger, null, 2)),
          readme: input.readme === undefined ? undefined : { file: 'readme.md', text: input.readme },
          icon: input.icon === undefined ? undefined : { file: 'icon.png', bytes: input.icon },
          settings: input.settings === undefined ? undefined : { file: 'settings.json', value: input.settings },
          findings: [] as Finding[],
        };
  const ctx: LintContext = {
    swagger: loaded.swagger ?? {},
    properties: loaded.properties ?? {},
    readme: loaded.readme?.text,
    icon: loaded.icon?.bytes,
    settings: loaded.settings?.value,
    swaggerBytes: loaded.swaggerBytes,
    sinks: {
      swagger: new FindingSink(SWAGGER_FILE),
      properties: new FindingSink(PROPERTIES_FILE),
      readme: new FindingSink(loaded.readme?.file ?? 'readme.md'),
      icon: new FindingSink(loaded.icon?.file ?? 'icon.png'),
      settings: new FindingSink(loaded.settings?.file ?? 'settings.json'),
    },
  };
  const findings = [...loaded.findings];
  if (loaded.swagger) {
    findings.push(...(await openApiFindings(SWAGGER_FILE, loaded.swagger)));
    SWAGGER_GROUPS.forEach((group) => group(ctx));
  }
  if (loaded.properties) {
    propertiesRules(ctx);
    iconRules(ctx);
  }
  settingsRules(ctx);
  const sinks = Object.values(ctx.sinks);
  return [...findings, ...sinks.flatMap((sink) => sink.findings)];
}
