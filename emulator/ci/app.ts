/**
 * `createCiEmulator`: the Customer Insights emulator of docs/design.md §3 as an Express app (not listening), with its
 * seeded store, shared clock, faults, usage telemetry and request log.
 */
import express from 'express';
import { createClock, type Clock } from '../clock';
import { createTokenVerifier } from './auth/access-token';
import { MAX_BODY_BYTES_DEFAULT } from './constants';
import { controlRouter } from './control';
import { createFaultInjector, type FaultInjector } from './faults';
import { createMemoryStore } from './persistence/memory-store';
import type { CiStore } from './persistence/ci-store';
import { ciRequestHandler } from './pipeline';
import { createRequestLog, type RequestLog } from './request-log';
import { loadBatches, type BatchLoader } from './seed/batch-loader';
import { loadCapturedMetadata } from './seed/captured-metadata';
import { seededInstances } from './seed/instances';
import { usageHistory } from './seed/usage-history';
import type { WriteBodyForm } from './write-body-form';
import { createUsageLog, type UsageLog } from './usage';

export interface CiEmulatorOptions {
  /** Base URL of the Entra stand-in whose JWKS signs accepted tokens. */
  entraUrl: string;
  clock?: Clock;
  /** Captured tenant metadata (IC360EntityModel JSON) to serve instead of the built-in model. */
  metadataFile?: string;
  maxBodyBytes?: number;
  /** Write-body forms accepted: both (default), or only `object` / only `string` (write-body-form.ts). */
  writeBodyForm?: WriteBodyForm;
}

export interface CiEmulator {
  app: express.Application;
  clock: Clock;
  store: CiStore;
  faults: FaultInjector;
  usage: UsageLog;
  requests: RequestLog;
  /** Scheduled batch refresh (same as `POST /_emulator/refresh`). */
  refresh: BatchLoader['refresh'];
}

/** Builds the emulator; throws when the captured metadata file is unreadable or unusable. */
export function createCiEmulator(options: CiEmulatorOptions): CiEmulator {
  const clock = options.clock ?? createClock();
  const instances = seededInstances(options.metadataFile ? loadCapturedMetadata(options.metadataFile) : undefined);
  const store = createMemoryStore(instances);
  const batches = loadBatches(store, instances, clock);
  const usage = createUsageLog();
  instances.forEach((i, n) =>
    usageHistory(i.record.instanceId, i.seed, clock.now(), n === 0 ? 1 : 0.2).forEach((e) => usage.record(e)),
  );
  const faults = createFaultInjector();
  const requests = createRequestLog();
  const verifyToken = createTokenVerifier({ entraUrl: options.entraUrl, clock });
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES_DEFAULT;

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Pipeline order: control API (no auth) first, then the two CI surfaces, then a CI-shaped 404 for anything else.
  app.use('/_emulator', controlRouter({ store, clock, faults, usage, requests, batches }));
  const handler = ciRequestHandler({
    store,
    clock,
    faults,
    usage,
    requests,
    verifyToken,
    maxBodyBytes,
    writeBodyForm: options.writeBodyForm ?? 'both',
  });
  app.use(handler);
  return { app, clock, store, faults, usage, requests, refresh: (id) => batches.refresh(id) };
}
