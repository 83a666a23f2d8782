import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { MAX_CONTROL_BODY_BYTES } from './constants';
import { faultRequestSchema, type FaultInjector } from './faults';
import { findResourceByClientId, type Directory } from './registrations';
import type { RequestLog } from './request-log';

/** What the control routes act on. */
export interface ControlDeps {
  dir: Directory;
  faults: FaultInjector;
  log: RequestLog;
  rotateKeys(): Promise<string>;
}

const appPatchSchema = z.object({ accessTokenAcceptedVersion: z.union([z.literal(1), z.literal(2)]) }).strict();

/** A control-route refusal: `{error, error_description}` naming the offending field. */
function refuse(res: Response, status: number, error: string, description: string): void {
  res.status(status).json({ error, error_description: description });
}

/** Parses a body with zod, answering 400 with each issue's field path when it does not fit. */
function parseBody<T>(schema: z.ZodType<T>, req: Request, res: Response): T | undefined {
  const parsed = schema.safeParse(req.body);
  if (parsed.success) return parsed.data;
  const text = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  refuse(res, 400, 'invalid_request', text);
  return undefined;
}

/** Loopback-only guard: the control plane has no auth, so it must never be reachable from elsewhere. */
function loopbackOnly(req: Request, res: Response, next: NextFunction): void {
  const addr = req.socket.remoteAddress ?? '';
  if (addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1') return next();
  refuse(res, 403, 'forbidden', 'The /_emulator control routes answer loopback callers only.');
}

/** `/_emulator/*` routes (design.md §2): faults, key rotation, request log, token version of resource apps. */
export function controlRouter(deps: ControlDeps): Router {
  const router = Router();
  router.use(loopbackOnly);
  router.use(express.json({ limit: MAX_CONTROL_BODY_BYTES }));
  router.post('/faults', (req, res) => {
    const body = parseBody(faultRequestSchema, req, res);
    if (!body) return;
    deps.faults.arm(body);
    res.status(201).json(body);
  });
  router.delete('/faults', (_req, res) => {
    deps.faults.clear();
    res.status(204).end();
  });
  router.post('/keys/rotate', async (_req, res) => {
    res.status(201).json({ kid: await deps.rotateKeys() });
  });
  router.get('/requests', (_req, res) => {
    res.json({ value: deps.log.list() });
  });
  router.delete('/requests', (_req, res) => {
    deps.log.clear();
    res.status(204).end();
  });
  router.patch('/apps/:clientId', (req, res) => {
    const resource = findResourceByClientId(deps.dir, String(req.params.clientId));
    if (!resource) {
      return refuse(res, 404, 'not_found', `No resource application with client id '${req.params.clientId}'.`);
    }
    const body = parseBody(appPatchSchema, req, res);
    if (!body) return;
    resource.accessTokenAcceptedVersion = body.accessTokenAcceptedVersion;
    res.json({ clientId: resource.clientId, accessTokenAcceptedVersion: resource.accessTokenAcceptedVersion });
  });
  return router;
}
