/** What a CI operation handler receives and returns; handlers never touch the HTTP response (Azurite's split). */
import type { Clock } from '../clock';
import type { Principal } from './auth/access-token';
import type { CiStore, InstanceRecord } from './persistence/ci-store';

export interface CiContext {
  store: CiStore;
  clock: Clock;
  principal: Principal;
  /** The instance named in the path (resolved, access checked) on instance routes. */
  instance?: InstanceRecord;
  /** Path parameters of the matched route. */
  params: Record<string, string>;
  /** The parsed query string (values may be arrays when repeated). */
  query: Record<string, unknown>;
  /** Parsed JSON body on POST/PATCH. */
  body?: unknown;
  /** Public base of the surface the call came in on, e.g. `http://127.0.0.1:7081/v1`. */
  baseUrl: string;
  /** Handlers fill these for the usage telemetry (entity qualified name, caller). */
  usage: { entity?: string; caller?: string };
}

export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One CI operation. */
export type CiHandler = (ctx: CiContext) => HandlerResult;

/** The instance of an instance route (the pipeline guarantees it is set). */
export function requireInstance(ctx: CiContext): InstanceRecord {
  if (!ctx.instance) throw new Error('instance route without a resolved instance');
  return ctx.instance;
}
