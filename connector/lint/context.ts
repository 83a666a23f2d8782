/** What every rule group receives: the parsed files and one finding sink per file. */
import type { FindingSink } from './finding';
import type { JsonObject } from './json-value';

export interface LintContext {
  swagger: JsonObject;
  properties: JsonObject;
  /** The readme text, when one was found or given. */
  readme?: string;
  /** The icon bytes, when one was found or given. */
  icon?: Buffer;
  /** paconn's settings.json, when one was found or given. */
  settings?: JsonObject;
  /** The swagger's size on disk (or serialized), for the 1 MB limit. */
  swaggerBytes: number;
  sinks: {
    swagger: FindingSink;
    properties: FindingSink;
    readme: FindingSink;
    icon: FindingSink;
    settings: FindingSink;
  };
}

/** A rule group: reads the context and records findings. */
export type RuleGroup = (ctx: LintContext) => void;
