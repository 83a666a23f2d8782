import type { Response } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock';
import { MAX_FAULT_COUNT } from './constants';
import { EntraError, entraErrorBody, invalidClientSecret } from './errors';

/** Endpoints a fault can be attached to. */
export type FaultEndpoint = 'token' | 'msi' | 'jwks';

/** The body of `POST /_emulator/faults` (design.md §2). */
export const faultRequestSchema = z.object({
  endpoint: z.enum(['token', 'msi', 'jwks']),
  count: z.number().int().min(1).max(MAX_FAULT_COUNT).default(1),
  fault: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('invalid_client') }),
    z.object({
      kind: z.literal('status'),
      status: z.number().int().min(400).max(599),
      retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
    }),
    z.object({ kind: z.literal('hang') }),
  ]),
});

/** One armed fault, as accepted by the control route (`count` defaulted). */
export type FaultRequest = z.infer<typeof faultRequestSchema>;
/** A fault as a caller writes it (`count` optional, default 1). */
export type FaultInput = z.input<typeof faultRequestSchema>;
type Fault = FaultRequest['fault'];

/** Injectable failures: each armed fault answers the next `count` requests to its endpoint, in arming order. */
export class FaultInjector {
  private armed: { endpoint: FaultEndpoint; remaining: number; fault: Fault }[] = [];
  private hung = new Set<Response>();

  /** Arms a fault. */
  arm(request: FaultRequest): void {
    this.armed.push({ endpoint: request.endpoint, remaining: request.count, fault: request.fault });
  }

  /** Disarms every fault and releases hung requests (their sockets are destroyed, like a dropped connection). */
  clear(): void {
    this.armed = [];
    this.releaseHangs();
  }

  /** Destroys the sockets of requests held by a `hang` fault (lets servers close in tests). */
  releaseHangs(): void {
    for (const res of this.hung) res.socket?.destroy();
    this.hung.clear();
  }

  /** Consumes the next fault for an endpoint, if one is armed. */
  take(endpoint: FaultEndpoint): Fault | undefined {
    const entry = this.armed.find((f) => f.endpoint === endpoint);
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.armed.splice(this.armed.indexOf(entry), 1);
    return entry.fault;
  }

  /** Answers a request with a fault; returns the status sent (0 for a hang). */
  apply(fault: Fault, res: Response, clock: Clock, clientId?: string): number {
    if (fault.kind === 'hang') {
      this.hung.add(res);
      res.on('close', () => this.hung.delete(res));
      return 0;
    }
    const err =
      fault.kind === 'invalid_client'
        ? invalidClientSecret(clientId ?? 'unknown')
        : new EntraError(
            fault.status,
            fault.status === 429 || fault.status === 503 ? 'temporarily_unavailable' : 'server_error',
            fault.status === 429 ? 50196 : 50001,
            fault.status === 429
              ? 'The server terminated an operation because it encountered a client request loop (injected fault).'
              : 'The service is temporarily unavailable (injected fault).',
          );
    if (fault.kind === 'status' && fault.retryAfterSeconds !== undefined) {
      res.set('Retry-After', String(fault.retryAfterSeconds));
    }
    res.status(err.status).set('Cache-Control', 'no-store').json(entraErrorBody(err, clock));
    return err.status;
  }
}
