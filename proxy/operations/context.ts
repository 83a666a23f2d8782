/**
 * What every operation handler gets and returns. Handlers return `{status, body, headers?}` or throw an AppError;
 * they never touch the Express response (style guide rule 4).
 */
import type { Caller } from '../auth/caller';
import type { ProxyConfig } from '../config';
import type { IdempotencyStore } from '../limits/idempotency-store';
import type { EntityModel } from '../schema/entity-model';
import type { SchemaCache } from '../schema/schema-cache';
import type { UsageStore } from '../telemetry/usage-store';
import type { CiClient } from '../upstream/types';
import type { ProfileLookup } from '../schema/profile-lookups';

/** Long-lived collaborators, built once per process and shared by every request. */
export interface OperationDeps {
  config: ProxyConfig;
  ci: CiClient;
  entityModels: SchemaCache<EntityModel>;
  profileLookups: SchemaCache<ProfileLookup[]>;
  /** The caller's roles per instance as CI states them (`rbac/myrole`), for GetUsage; cached briefly per identity. */
  ciRoles: SchemaCache<string[]>;
  usage: UsageStore;
  idempotency: IdempotencyStore;
  /** Milliseconds since the epoch; injectable so tests can line the proxy up with the emulator's clock. */
  now: () => number;
}

export interface OperationContext {
  operationId: string;
  requestId: string;
  /** Declared path, query and header parameters by their contract name, validated and type-coerced. */
  params: Record<string, unknown>;
  /** The parsed JSON body (undefined when none was sent). */
  body: unknown;
  caller: Caller;
  /** This request's absolute URL without its query string, as the caller addressed it (for `nextLink`). */
  selfUrl: string;
  deps: OperationDeps;
}

export interface OperationResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type OperationHandler = (ctx: OperationContext) => Promise<OperationResult>;

/** How a caller is named to CI (`caller=`) and in usage: one definition, the CI client's. */
export { callerLabel } from '../upstream/ci-client';

/** A declared parameter as a string (path parameters are always present once validated). */
export function stringParam(ctx: OperationContext, name: string): string {
  const value = ctx.params[name];
  return typeof value === 'string' ? value : String(value ?? '');
}
