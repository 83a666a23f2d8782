/**
 * `/_emulator/*` control endpoints of the CI emulator (docs/design.md §3), no auth, loopback callers only:
 * faults, the movable clock, scheduled refresh, API-usage report, the received-requests log, CSV partitions.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock';
import { MS_PER_DAY, MS_PER_SECOND } from './constants';
import { effectiveRows } from './data/effective-rows';
import { faultRuleSchema, type FaultInjector } from './faults';
import type { CiStore } from './persistence/ci-store';
import type { RequestLog } from './request-log';
import type { BatchLoader } from './seed/batch-loader';
import { USAGE_BUCKET_MS, type UsageBucket, type UsageLog } from './usage';

export interface ControlDeps {
  store: CiStore;
  clock: Clock;
  faults: FaultInjector;
  usage: UsageLog;
  requests: RequestLog;
  batches: BatchLoader;
}

const clockSchema = z.strictObject({
  advanceSeconds: z
    .number()
    .finite()
    .min(0)
    .max(10 * 365 * 86_400),
});
const refreshSchema = z.strictObject({ instanceId: z.string().min(1).optional() });
const usageQuery = z.strictObject({
  instanceId: z.string().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  bucket: z.enum(Object.keys(USAGE_BUCKET_MS) as [UsageBucket, ...UsageBucket[]]).default('hour'),
});

function problem(res: Response, status: number, code: string, message: string, target?: string): void {
  res.status(status).json({ error: { code, message, ...(target ? { target } : {}) } });
}

function parsed<T>(schema: z.ZodType<T>, value: unknown, res: Response): T | undefined {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  problem(
    res,
    400,
    'InvalidControlRequest',
    `${issue.path.join('.') || 'body'}: ${issue.message}`,
    issue.path.join('.') || 'body',
  );
  return undefined;
}

function loopbackOnly(req: Request, res: Response, next: NextFunction): void {
  const ip = req.socket.remoteAddress ?? '';
  if (ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1') return next();
  problem(res, 403, 'LoopbackOnly', 'The emulator control API answers loopback callers only.');
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The control router (mount at `/_emulator`). */
export function controlRouter(deps: ControlDeps): Router {
  const r = express.Router();
  r.use(loopbackOnly);
  r.use(express.json({ limit: '64kb' }));
  r.get('/faults', (_req, res) => void res.json({ value: deps.faults.list() }));
  r.post('/faults', (req, res) => {
    const rule = parsed(faultRuleSchema, req.body, res);
    if (!rule) return;
    deps.faults.arm(rule);
    res.status(201).json(rule);
  });
  r.delete('/faults', (_req, res) => {
    deps.faults.clear();
    res.status(204).end();
  });
  r.get(
    '/clock',
    (_req, res) => void res.json({ now: new Date(deps.clock.now()).toISOString(), offsetMs: deps.clock.offsetMs() }),
  );
  r.post('/clock', (req, res) => {
    const body = parsed(clockSchema, req.body, res);
    if (!body) return;
    deps.clock.advance(body.advanceSeconds * MS_PER_SECOND);
    res.json({ now: new Date(deps.clock.now()).toISOString(), offsetMs: deps.clock.offsetMs() });
  });
  r.post('/refresh', (req, res) => {
    const body = parsed(refreshSchema, req.body, res);
    if (!body) return;
    const done = deps.batches.refresh(body.instanceId);
    if (done.length === 0)
      return problem(res, 404, 'InstanceNotFound', `Instance '${body.instanceId}' does not exist.`, 'instanceId');
    res.json({ value: done });
  });
  r.get('/usage', (req, res) => {
    const q = parsed(usageQuery, req.query, res);
    if (!q) return;
    const toMs = q.to ? Date.parse(q.to) : deps.clock.now();
    const fromMs = q.from ? Date.parse(q.from) : toMs - MS_PER_DAY;
    if (fromMs >= toMs) return problem(res, 400, 'InvalidControlRequest', 'from must be before to.', 'from');
    if ((toMs - fromMs) / USAGE_BUCKET_MS[q.bucket] > 10_000)
      return problem(
        res,
        400,
        'InvalidControlRequest',
        'Too many buckets: widen the bucket or narrow the range.',
        'bucket',
      );
    res.json(deps.usage.report({ instanceId: q.instanceId, fromMs, toMs, bucket: q.bucket }));
  });
  r.get('/requests', (_req, res) => void res.json({ value: deps.requests.list() }));
  r.delete('/requests', (_req, res) => {
    deps.requests.clear();
    res.status(204).end();
  });
  // Target of `GET data/{entity}?proxy=true` (docs/customer-insights.md#reads): CSV partition without a header row,
  // like CI's.
  r.get('/partitions/:instanceId/:file', (req, res) => {
    const instanceId = String(req.params.instanceId);
    const entityName = String(req.params.file).replace(/\.csv$/, '');
    const entity =
      deps.store.instance(instanceId) && deps.store.entities(instanceId).find((e) => e.name === entityName);
    if (!entity)
      return problem(res, 404, 'PartitionNotFound', `No partition ${req.params.file} in instance ${instanceId}.`);
    const rows = effectiveRows(deps.store, instanceId, entity, deps.clock.now());
    res
      .type('text/csv')
      .send(rows.map((row) => entity.attributes.map((a) => csvCell(row[a.name])).join(',')).join('\n'));
  });
  r.use((_req: Request, res: Response) => problem(res, 404, 'NotFound', 'Unknown control endpoint.'));
  r.use(
    (err: { status?: number; type?: string; message?: string }, _req: Request, res: Response, _next: NextFunction) => {
      problem(
        res,
        err.status ?? 500,
        err.type === 'entity.parse.failed' ? 'InvalidJson' : 'ControlError',
        err.message ?? 'control request failed',
        'body',
      );
    },
  );
  return r;
}
