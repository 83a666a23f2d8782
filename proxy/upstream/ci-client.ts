/**
 * The one way to reach Customer Insights: undici `request()` over a dedicated keep-alive pool (≈2× global fetch,
 * docs/entra.md#performance-anchors), JSON in and out, the caller's CI token plus the server-side subscription key on every call,
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
import { redactParsed, redactSecrets } from './secret-redaction';
import { subscriptionKeyFor } from './subscription-key';
import { CircuitOpenError, createCircuitBreaker } from './circuit-breaker';
import { attemptTimeoutMs, nextStep, parseRetryAfter, type AttemptOutcome } from './retry-policy';
import type { AttemptTrace, CiClient, CiRequest, CiResponse, TokenProvider } from './types';
import {
  CONTENT_TYPE,
  createWriteBodyForms,
  encodeWriteBody,
  isBodyBindingRefusal,
  type SettledForm,
  type WriteBodyForm,
} from './write-body-form';

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

/** A wait before the next attempt of a call (backoff, or CI's Retry-After when it throttled). */
export interface UpstreamWaitEvent {
  operation: string;
  method: string;
  /** CI's status on the attempt that led to the wait (429: throttled; 0: no answer). */
  afterStatus: number;
  delayMs: number;
}

/** Observers of upstream traffic. */
export interface CiClientHooks {
  onCall?(event: UpstreamCallEvent): void;
  onWait?(event: UpstreamWaitEvent): void;
  /** A CI environment accepted a write-body form other than the one remembered for it (CI_WRITE_BODY_FORM=auto). */
  onWriteBodyForm?(settled: SettledForm): void;
  /** Clock of the circuit breaker's cool-down (tests pass the emulator's movable clock). */
  now?: () => number;
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

/** A 2xx answer as the caller's response; a 2xx must be JSON (or empty). */
function readAnswer(answer: Answer): CiResponse {
  if (answer.unreadable) {
    throw appError('UpstreamError', 'Customer Insights answered with a body that is not JSON.', {
      upstreamStatus: answer.status,
    });
  }
  return { status: answer.status, headers: answer.headers, body: answer.body };
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
  const bodyForms = createWriteBodyForms(upstream.writeBodyForm);

  /** A request body as sent: a write's record in the chosen form, with that form's Content-Type. */
  interface Payload {
    text: string;
    contentType: string;
    form?: WriteBodyForm;
  }

  function payloadOf(req: CiRequest, form: WriteBodyForm | undefined): Payload | undefined {
    if (req.body === undefined) return undefined;
    if (!form) return { text: JSON.stringify(req.body), contentType: 'application/json' };
    return { text: encodeWriteBody(req.body, form), contentType: CONTENT_TYPE[form], form };
  }

  // One breaker for the client's one CI host (upstream.ciBaseUrl).
  const breaker = createCircuitBreaker({
    failureThreshold: upstream.circuitFailures,
    coolDownMs: C.CIRCUIT_COOL_DOWN_MS,
    now: hooks.now ?? Date.now,
  });

  async function attempt(
    req: CiRequest,
    url: string,
    payload: Payload | undefined,
    requestId: string,
    started: number,
    traceparent: string | undefined,
  ): Promise<Answer> {
    const key = subscriptionKeyFor(config, req.caller, req.instanceId);
    const token = await tokens.getToken(req.caller);
    // The call's budget bounds every attempt (retry-policy.ts), so no call outlasts the shutdown grace.
    const timeoutMs = attemptTimeoutMs(upstream.timeoutMs, started, Date.now());
    const res = await request(url, {
      method: req.method,
      dispatcher: agent,
      headers: {
        authorization: `Bearer ${token}`,
        'ocp-apim-subscription-key': key,
        'x-ms-client-request-id': requestId,
        ...(traceparent !== undefined ? { traceparent } : {}),
        accept: 'application/json',
        ...(payload !== undefined ? { 'content-type': payload.contentType } : {}),
      },
      body: payload?.text,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const received = await res.body.text();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    // Any answer may echo our headers (key, token), JSON-escaped or not: what the caller will receive is scrubbed,
    // every string of the parsed value (or the raw text when it is not JSON), before it is read into a message or a log.
    const secrets = [key, token, ...allKeys];
    let body: unknown = undefined;
    let unreadable = false;
    if (received.trim()) {
      try {
        body = redactParsed(JSON.parse(received), received, secrets);
      } catch {
        // An error page in text or HTML still carries a message worth reading; a 2xx must be JSON.
        body = redactSecrets(received, secrets);
        unreadable = true;
      }
    }
    return { status: res.statusCode, headers, body, bytes: Buffer.byteLength(received), unreadable, token };
  }

  async function send(req: CiRequest): Promise<CiResponse> {
    const url = ciUrl(upstream.ciBaseUrl, req, callerLabel(req.caller));
    // Real-time writes (POST/PATCH of a record) go in the form chosen for this CI environment.
    const endpoint = `${upstream.ciBaseUrl}|${req.instanceId ?? ''}`;
    const isWrite = req.method !== 'GET' && req.body !== undefined;
    let payload = payloadOf(req, isWrite ? bodyForms.formFor(endpoint) : undefined);
    const requestId = req.requestId ?? randomUUID();
    const started = req.startedAt ?? Date.now();
    const call = {
      method: req.method,
      retries: 0,
      maxRetries: upstream.maxRetries,
      canRenewToken: !!tokens.invalidate,
      canSwitchBodyForm: payload?.form !== undefined && bodyForms.fallbackFrom(payload.form) !== undefined,
    };
    for (let n = 1; ; n++) {
      const t0 = Date.now();
      // Circuit breaker (circuit-breaker.ts): while CI is known not to answer, a call fails before anything is sent.
      const blocked = n === 1 ? breaker.check() : undefined;
      if (blocked) throw new CircuitOpenError(blocked.retryAfterMs);
      const span = req.trace?.attempt({ operation: req.operation, method: req.method, attempt: n });
      const { outcome, answer, errorCode } = await attemptOutcome(req, url, payload, requestId, started, span)
        // A token problem (already explained) ends the call; its span ends with it.
        .catch((err: unknown) => {
          span?.end(0, 'token');
          throw err;
        });
      span?.end(answer?.status ?? 0, errorCode);
      breaker.record(answer || outcome.kind === 'too-large' ? 'answered' : 'failed');
      hooks.onCall?.({
        operation: req.operation,
        instanceId: req.instanceId,
        entity: req.entity,
        caller: callerLabel(req.caller),
        callerId: callerId(req.caller),
        method: req.method,
        status: answer?.status ?? 0,
        ...(errorCode ? { errorCode } : {}),
        requestBytes: payload ? Buffer.byteLength(payload.text) : 0,
        responseBytes: answer?.bytes ?? 0,
        durationMs: Date.now() - t0,
        attempt: n,
        at: t0,
      });
      const step = nextStep(outcome, { ...call, elapsedMs: Date.now() - started });
      if (step.kind === 'ok') {
        const response = readAnswer(answer!);
        const settled = payload?.form ? bodyForms.accepted(endpoint, payload.form) : undefined;
        if (settled) hooks.onWriteBodyForm?.(settled);
        return response;
      }
      // No retry into an open circuit: the call ends with its own last failure.
      if (step.kind === 'fail' || (step.kind === 'retry' && breaker.state() !== 'closed'))
        throw failureToAppError(outcome, answer, identityOf(req.caller), req.method, req.body);
      if (step.kind === 'renew-token') {
        call.canRenewToken = false;
        tokens.invalidate?.(req.caller, answer!.token);
      } else if (step.kind === 'switch-body-form') {
        call.canSwitchBodyForm = false;
        payload = payloadOf(req, bodyForms.fallbackFrom(payload!.form!));
      } else {
        call.retries++;
        hooks.onWait?.({
          operation: req.operation,
          method: req.method,
          afterStatus: answer?.status ?? 0,
          delayMs: step.delayMs,
        });
        await sleep(step.delayMs);
      }
    }
  }

  /** One attempt as an outcome for the classifier: CI's answer, or what happened to the connection. */
  async function attemptOutcome(
    req: CiRequest,
    url: string,
    payload: Payload | undefined,
    requestId: string,
    started: number,
    span: AttemptTrace | undefined,
  ): Promise<{ outcome: AttemptOutcome; answer?: Answer; errorCode?: string }> {
    let answer: Answer;
    try {
      answer = await attempt(req, url, payload, requestId, started, span?.traceparent);
    } catch (err) {
      if (err instanceof AppError) throw err; // token problems are already explained
      const failure = classify(err);
      return { outcome: failure, errorCode: failure.code };
    }
    const ok = answer.status >= 200 && answer.status < 300;
    const retryAfterMs = parseRetryAfter(answer.headers['retry-after'], Date.now());
    const bodyUnbound = payload?.form !== undefined && isBodyBindingRefusal(answer.status, answer.body);
    return {
      outcome: {
        kind: 'status',
        status: answer.status,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        ...(bodyUnbound ? { bodyUnbound } : {}),
      },
      answer,
      ...(ok ? {} : { errorCode: readCiError(answer.body).code ?? String(answer.status) }),
    };
  }

  /** Who CI judges for this caller: the user under on-behalf-of, else the proxy's own identity. */
  function identityOf(caller: Caller): UpstreamIdentity {
    return caller.delegated && upstream.authMode === 'obo'
      ? { kind: 'user', name: callerLabel(caller) }
      : { kind: 'proxy' };
  }

  return {
    request: send,
    close: () => agent.close(),
  };
}
