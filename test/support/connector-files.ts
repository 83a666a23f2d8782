/** Fresh, mutable copies of the committed connector files, for tests that craft bad variants of them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests mutate arbitrary places of the JSON documents.
export type Doc = Record<string, any>;

export interface ConnectorFixture {
  swagger: Doc;
  properties: Doc;
  readme: string;
  icon: Buffer;
  settings: Doc;
}

/** Reads the committed apiDefinition.swagger.json, apiProperties.json and connector/{readme.md,icon.png,settings.json}. */
export function committedConnector(): ConnectorFixture {
  const read = (path: string): string => readFileSync(join(REPO_ROOT, path), 'utf8');
  return {
    swagger: JSON.parse(read('apiDefinition.swagger.json')),
    properties: JSON.parse(read('apiProperties.json')),
    readme: read('connector/readme.md'),
    icon: readFileSync(join(REPO_ROOT, 'connector', 'icon.png')),
    settings: JSON.parse(read('connector/settings.json')),
  };
}
