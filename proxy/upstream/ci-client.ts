/**
 * The one way to reach Customer Insights: undici `request()` over a dedicated keep-alive pool (≈2× global fetch,
 * auth-msal-entra.md §5), JSON in and out, the caller's CI token plus the server-side subscription key on every call,
 * retries that are safe for the method (retry-policy.ts), CI's error shapes normalised (ci-error.ts), and one
 * UpstreamCallEvent per attempt for the usage telemetry.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import { callerId, type Caller } from '../auth/caller';
import type { ProxyConfig } from '../config';
import * as C from '../constants';
import { AppError } from '../errors/app-error';
import { appError } from '../errors';
import { failureToAppError, readCiError, type UpstreamIdentity } from './ci-error';
import { ciUrl } from './ci-url';
import { redactSecrets } from './secret-redaction';
import { subscriptionKeyFor } from './subscription-key';
import { isRetryable, nextDelayMs, parseRetryAfter, type AttemptOutcome } from './retry-policy';
import type { CiClient, CiRequest, CiResponse, TokenProvider } from './types';

/** One attempt of one upstream call, for telemetry (status 0 = no answer). */
export interface UpstreamCallEvent {
  operation: string;
  instanceId?: string;
  entity?: string;
  caller: string;
  /** `tenant:objectId` of the caller (proxy/auth/caller.ts), whatever name the token shows. */
  callerId: string;
  method: string;
  status: number;
  errorCode?: string;
  requestBytes: number;
  responseBytes: number;
  durationMs: number;
  attempt: number;
  at: number;
}

/** Observers of upstream traffic. */
export interface CiClientHooks {
  onCall?(event: UpstreamCallEvent): void;
}

type Answer = {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  bytes: number;
  unreadable: boolean;
  /** The CI token the attempt carried, to invalidate it when CI refuses it. */
  token: string;
};

const REFUSED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const TIMED_OUT = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** The label CI and our telemetry know the caller by: UPN for users, app id for applications. */
export function callerLabel(caller: Caller): string {
  return caller.name ?? (caller.appId || caller.objectId);
}

function classify(err: unknown): AttemptOutcome & { code: string } {
  const code = String((err as { code?: unknown }).code ?? (err as Error).name ?? 'error');
  if (REFUSED.has(code)) return { kind: 'refused', code };
  if (TIMED_OUT.has(code)) return { kind: 'timeout', code };
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return { kind: 'too-large', code };
  return { kind: 'reset', code };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the client with its own connection pool; `close()` ends the pool. */
export function createCiClient(config: ProxyConfig, tokens: TokenProvider, hooks: CiClientHooks = {}): CiClient {
  const { upstream } = config;
  const agent = new Agent({
    connections: upstream.connections,
    keepAliveTimeout: C.UPSTREAM_KEEP_ALIVE_MS,
    maxResponseSize: C.UPSTREAM_MAX_RESPONSE_BYTES,
  });

  const allKeys = [upstream.subscriptionKey, ...Object.values(upstream.subscriptionKeys)];

  async function attempt(req: CiRequest, url: string, payload: string | undefined, requestId: string): Promise<Answer> {
    const key = subscriptionKeyFor(config, req.caller, req.instanceId);
    const token = await tokens.getToken(req.caller);
    const res = await request(url, {
      method: req.method,
      dispatcher: agent,
      headers: {
        authorization: `Bearer ${token}`,
        'ocp-apim-subscription-key': key,
        'x-ms-client-request-id': requestId,
        accept: 'application/json',
        ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: payload,
      headersTimeout: upstream.timeoutMs,
      bodyTimeout: upstream.timeoutMs,
    });
    const received = await res.body.text();
    // An error answer may echo our headers (key, token): scrubbed before it is read into a message or a log.
    const ok = res.statusCode >= 200 && res.statusCode < 300;
    const text = ok ? received : redactSecrets(received, [key, token, ...allKeys]);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    let body: unknown = undefined;
    let unreadable = false;
    if (text.trim()) {
      try {
        body = JSON.parse(text);
      } catch {
        // An error page in text or HTML still carries a message worth reading; a 2xx must be JSON.
        body = text;
        unreadable = true;
      }
    }
    return { status: res.statusCode, headers, body, bytes: Buffer.byteLength(received), unreadable, token };
  }

  async function send(req: CiRequest): Promise<CiResponse> {
    const url = ciUrl(upstream.ciBaseUrl, req, callerLabel(req.caller));
    const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
    const requestBytes = payload ? Buffer.byteLength(payload) : 0;
    const requestId = req.requestId ?? randomUUID();
    const identity: UpstreamIdentity =
      req.caller.delegated && upstream.authMode === 'obo'
        ? { kind: 'user', name: callerLabel(req.caller) }
        : { kind: 'proxy' };
    const started = Date.now();
    let answeredBefore = false;
    let tokenRenewed = false;
    for (let n = 1; ; n++) {
      const t0 = Date.now();
      const event = (status: number, responseBytes: number, errorCode?: string) =>
        hooks.onCall?.({
          operation: req.operation,
          instanceId: req.instanceId,
          entity: req.entity,
          caller: callerLabel(req.caller),
          callerId: callerId(req.caller),
          method: req.method,
          status,
          ...(errorCode ? { errorCode } : {}),
          requestBytes,
          responseBytes,
          durationMs: Date.now() - t0,
          attempt: n,
          at: t0,
        });
      let outcome: AttemptOutcome;
      let answer: Answer | undefined;
      try {
        answer = await attempt(req, url, payload, requestId);
      } catch (err) {
        if (err instanceof AppError) throw err; // token problems are already explained
        const failure = classify(err);
        event(0, 0, failure.code);
        outcome = failure;
      }
      if (answer) {
        const ok = answer.status >= 200 && answer.status < 300;
        event(answer.status, answer.bytes, ok ? undefined : (readCiError(answer.body).code ?? String(answer.status)));
        if (ok) {
          if (answer.unreadable) {
            throw appError('UpstreamError', 'Customer Insights answered with a body that is not JSON.', {
              upstreamStatus: answer.status,
            });
          }
          return { status: answer.status, headers: answer.headers, body: answer.body };
        }
        if (answer.status === 409 && req.method === 'POST' && answeredBefore) {
          return { status: 201, headers: answer.headers, body: undefined, storedOnEarlierAttempt: true };
        }
        if (answer.status === 401 && !tokenRenewed && tokens.invalidate) {
          // CI refused a token we still thought valid (revoked, rotated, clock skew): once, with a fresh one from
          // Entra. Nothing was processed, so this is safe for writes too and does not count as a retry.
          tokenRenewed = true;
          tokens.invalidate(req.caller, answer.token);
          continue;
        }
        outcome = {
          kind: 'status',
          status: answer.status,
          retryAfterMs: parseRetryAfter(answer.headers['retry-after'], Date.now()),
        };
        answeredBefore = true;
      }
      const delay =
        n - (tokenRenewed ? 1 : 0) <= upstream.maxRetries && isRetryable(req.method, outcome!)
          ? nextDelayMs(outcome!, n, Date.now() - started)
          : undefined;
      if (delay === undefined) throw failureToAppError(outcome!, answer, identity, req.method, req.body);
      await sleep(delay);
    }
  }

  return {
    request: send,
    close: () => agent.close(),
  };
}
