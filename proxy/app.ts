/**
 * The proxy's one request pipeline (style guide rule 3: the only file calling `app.use`), in request order:
 * request context → limit traffic without a valid sign-in → match operation → authenticate → rate limit → JSON body
 * → validate → handler → serialize → error → telemetry (recorded when the response finishes). Handlers never touch
 * `res`; only `serialize` and `renderErrors` write responses.
 */
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { InboundAuth } from './auth/inbound';
import { callerId, type Caller } from './auth/caller';
import { createRequestValidator } from './contract/request-validator';
import { assertRegistryMatches } from './contract/registry-check';
import type { Contract, OperationSpec } from './contract/load-contract';
import { createRouteTable } from './contract/route-table';
import { anonymousRateLimited, echo, methodNotAllowed, operationNotFound, operationNotSupported } from './errors';
import { rateLimited, renderError, unsupportedMediaType } from './errors';
import { bodyParserError } from './contract/body-parser-errors';
import { tooDeep } from './contract/json-depth';
import { clientAddressKey } from './limits/client-address';
import { ANONYMOUS_RATE_LIMIT_MAX_ADDRESSES, USAGE_ROLE_CACHE_SECONDS } from './limits/constants';
import { createRateLimiter, type CallerRateLimiter, type RateLimiter } from './limits/rate-limiter';
import type { OperationDeps, OperationRegistry, OperationResult } from './operations';
import { callerLabel } from './operations/context';
import { createSchemaCache } from './schema/schema-cache';
import type { Readiness } from './health/readiness';
import type { Observability, RequestTrace } from './observability';
import { inboundUsageEvent } from './telemetry/inbound-outcome';
import { createRecentAccess, type RecentAccess } from './telemetry/recent-access';
import { AttributionRecorder, type RequestAttribution } from './telemetry/request-attribution';
import { identityScopedCache, upstreamIdentityKey } from './upstream/identity-scope';
import { usagePageRouter } from './usage-page/routes';

export interface AppDeps extends Omit<OperationDeps, 'ciRoles'> {
  contract: Contract;
  registry: OperationRegistry;
  auth: InboundAuth;
  rateLimiter: CallerRateLimiter;
  /** Per client address, requests without a valid sign-in (default: ANONYMOUS_RATE_LIMIT_PER_MINUTE in memory). */
  anonymousLimiter?: RateLimiter;
  /** Which callers CI recently confirmed on which instances (default: in memory). */
  recentAccess?: RecentAccess;
  logger: Logger;
  /** OpenTelemetry (proxy/observability/); absent when telemetry is off, and then no hook runs. */
  observability?: Observability;
  /** What `/readyz` checks (proxy/health/readiness.ts). */
  readiness?: Readiness;
}

/** What the pipeline learns about a request as it goes, kept in `res.locals.ctx`. */
interface RequestState {
  requestId: string;
  startedAt: number;
  operation?: OperationSpec;
  pathParams: Record<string, string>;
  params: Record<string, unknown>;
  caller?: Caller;
  errorCode?: string;
  /** The client address key traffic without a valid sign-in is limited by. */
  clientKey: string;
  /** Set when the address-limit gate refused the request (not counted again, logged once per window). */
  refusedByGate?: { logged: boolean };
  /** What CI confirmed about the path's instance and entity while the handler ran. */
  attribution?: RequestAttribution;
  /** The request's span, when traces are exported. */
  trace?: RequestTrace;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;
/** POST/PUT/DELETE on profiles has no operation: CI cannot create or delete profiles (docs/customer-insights.md#real-time-writes). */
const PROFILE_WRITE = /\/instances\/[^/]+\/profiles(\/[^/]+)?\/?$/;

const state = (res: Response): RequestState => res.locals.ctx as RequestState;

/** Builds the Express app; throws ContractDriftError when the registry and the contract disagree. */
export function createApp(deps: AppDeps): express.Express {
  assertRegistryMatches(deps.contract, deps.registry);
  const routes = createRouteTable(deps.contract);
  const validator = createRequestValidator(deps.contract);
  const anonymousPerMinute = deps.config.limits.anonymousRateLimitPerMinute;
  const anonymousLimiter =
    deps.anonymousLimiter ??
    createRateLimiter(anonymousPerMinute, { now: deps.now, maxKeys: ANONYMOUS_RATE_LIMIT_MAX_ADDRESSES });
  const recentAccess = deps.recentAccess ?? createRecentAccess({ now: deps.now });
  const ciRoles = createSchemaCache<string[]>({ ttlSeconds: USAGE_ROLE_CACHE_SECONDS, now: deps.now });
  const app = express();
  app.disable('x-powered-by');
  // App Service and APIM front ends reach us from private addresses; their X-Forwarded-* make nextLink correct.
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Readiness: can this replica serve (token, signing keys, Redis)? Cached, so probes cost no upstream traffic.
  const readiness = deps.readiness;
  if (readiness) {
    app.get('/readyz', async (_req, res) => {
      const report = await readiness.check();
      res
        .status(report.status === 'ready' ? 200 : 503)
        .set('cache-control', 'no-store')
        .json(report);
    });
  }
  // The usage page: static files without a token, before the API pipeline; its data calls go through the pipeline
  // with the signed-in person's token like any connector call (usage-page/routes.ts).
  app.use('/usage', usagePageRouter(deps.config));

  // 1. Request context: an id for logs and error bodies (the caller's x-ms-client-request-id when sane), and the
  //    telemetry hook that runs once the response has been written.
  app.use(function requestContext(req: Request, res: Response, next: NextFunction) {
    const given = req.get('x-ms-client-request-id');
    const ctx: RequestState = {
      requestId: given && REQUEST_ID.test(given) ? given : randomUUID(),
      startedAt: Date.now(),
      pathParams: {},
      params: {},
      clientKey: clientAddressKey(req.ip ?? req.socket.remoteAddress),
    };
    res.locals.ctx = ctx;
    if (deps.observability?.tracing) ctx.trace = deps.observability.tracing.start(req.method, req.get('traceparent'));
    res.set('x-ms-request-id', ctx.requestId);
    res.on('finish', () => recordTelemetry(req, res));
    next();
  });

  // 1b. Traffic without a valid sign-in is limited per client address (issue 7: an anonymous flood made the proxy
  //     check signatures, log 7.6 kB lines and keep usage rows without limit). Failures are counted in renderErrors;
  //     once an address is over its minute, only callers whose token was already verified (a cache hit, no
  //     signature check) get through, everything else is 429 until the minute ends.
  app.use(function limitAnonymous(req: Request, res: Response, next: NextFunction) {
    const ctx = state(res);
    const decision = anonymousLimiter.peek(ctx.clientKey);
    if (decision.allowed) return next();
    const known = deps.auth.verifiedCaller?.(req.get('authorization'));
    if (known) return next();
    ctx.refusedByGate = { logged: decision.firstRefusal };
    next(anonymousRateLimited(decision.retryAfterSeconds, anonymousPerMinute));
  });

  // 2. Match the operation from the contract's route table.
  app.use(function matchOperation(req: Request, res: Response, next: NextFunction) {
    const match = routes.match(req.method, req.path);
    if (match) {
      state(res).operation = match.operation;
      state(res).pathParams = match.pathParams;
      return next();
    }
    if (req.method !== 'GET' && req.method !== 'PATCH' && PROFILE_WRITE.test(req.path)) {
      return next(
        operationNotSupported(
          `Customer profiles cannot be created or deleted through the real-time API (${req.method} ${echo(req.path)}); they come from unification. Use Update customer profile to change fields.`,
        ),
      );
    }
    const allowed = routes.methodsAt(req.path);
    if (allowed.length > 0) {
      return next(methodNotAllowed(req.method, req.path, allowed));
    }
    next(operationNotFound(req.method, req.path));
  });

  // 3. Authenticate the caller's Entra token (401/403 with WWW-Authenticate on failure).
  app.use(async function authenticate(req: Request, res: Response, next: NextFunction) {
    state(res).caller = await deps.auth.authenticate(req.get('authorization'));
    next();
  });

  // 4. Per-caller rate limit, like the platform's per-connection limit.
  app.use(async function rateLimit(_req: Request, res: Response, next: NextFunction) {
    const caller = state(res).caller!;
    const decision = await deps.rateLimiter.take(`${caller.tenantId}:${caller.objectId}:${caller.appId}`);
    if (!decision.allowed) return next(rateLimited(decision.retryAfterSeconds, deps.config.limits.rateLimitPerMinute));
    next();
  });

  // 5. JSON body, only once the caller is known and within its rate (an anonymous caller never makes the proxy
  //    parse up to MAX_BODY_BYTES): the configured size limit; anything else than JSON with a body is refused (415).
  // 6. Validate the declared parameters (types, enums, ranges, required); dynamic bodies are checked by handlers.
  //    Both in one layer: every Express layer costs a dispatch on every request (the bench's profile: express and
  //    router ≈ 12 % of a profile read's CPU), and these steps always run together, in this order.
  const parseJson = express.json({
    limit: deps.config.http.maxBodyBytes,
    type: ['application/json', 'application/*+json'],
  });
  app.use(function bodyAndParameters(req: Request, res: Response, next: NextFunction) {
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    if (hasBody && !req.is(['application/json', 'application/*+json'])) {
      return next(unsupportedMediaType(req.get('content-type') ?? ''));
    }
    parseJson(req, res, (parseError?: unknown) => {
      if (parseError) return next(parseError);
      // Called back after the body has been read, outside Express's own try: a refusal must go to next().
      try {
        const deep = tooDeep(req.body);
        if (deep) return next(deep);
        const ctx = state(res);
        ctx.params = validator.validate(ctx.operation!.operationId, {
          path: ctx.pathParams,
          query: req.query as Record<string, unknown>,
          headers: req.headers,
        });
        next();
      } catch (err) {
        next(err);
      }
    });
  });

  // 7. Handler, 8. serialize.
  app.use(async function handle(req: Request, res: Response) {
    const ctx = state(res);
    const operationId = ctx.operation!.operationId;
    const ci = deps.ci;
    const identity = upstreamIdentityKey(ctx.caller!, deps.config.upstream.authMode);
    const attribution = new AttributionRecorder(ctx.pathParams);
    ctx.attribution = attribution;
    const result: OperationResult = await deps.registry[operationId]({
      operationId,
      requestId: ctx.requestId,
      params: ctx.params,
      body: req.body,
      caller: ctx.caller!,
      selfUrl: `${req.protocol}://${req.get('host')}${req.path}`,
      deps: {
        ...deps,
        ci: attribution.ci({
          request: (r) => ci.request({ requestId: ctx.requestId, trace: ctx.trace, ...r }),
          close: ci.close,
        }),
        entityModels: attribution.cache(identityScopedCache(deps.entityModels, identity), 'entity'),
        profileLookups: attribution.cache(identityScopedCache(deps.profileLookups, identity), 'other'),
        ciRoles: attribution.cache(identityScopedCache(ciRoles, identity), 'other'),
      },
    });
    serialize(res, result);
  });

  // 9. Errors: one renderer, one shape; unexpected errors are logged with the request id and never described.
  app.use(function renderErrors(err: unknown, req: Request, res: Response, _next: NextFunction) {
    const requestId = (res.locals.ctx as RequestState | undefined)?.requestId ?? randomUUID();
    const bodyHeaders = { contentType: req.get('content-type'), contentEncoding: req.get('content-encoding') };
    const rendered = renderError(bodyParserError(err, deps.config.http.maxBodyBytes, bodyHeaders), requestId);
    if (rendered.status >= 500 && rendered.body.error.code === 'InternalError') {
      deps.logger.error({ err, requestId }, 'unexpected error');
    }
    if (res.locals.ctx) {
      const ctx = state(res);
      ctx.errorCode = rendered.body.error.code;
      // A request refused before a caller was established counts against its address (the gate's own refusals
      // are not counted again).
      if (!ctx.caller && !ctx.refusedByGate) anonymousLimiter.take(ctx.clientKey);
    }
    if (res.headersSent) return;
    res.status(rendered.status).set(rendered.headers).json(rendered.body);
  });

  // 10. Telemetry: a usage event for a request attributed to an instance, and one log line per finished request
  //     (for an address over its limit, only the first refusal of the minute).
  function recordTelemetry(req: Request, res: Response): void {
    const ctx = state(res);
    const bytes = Number(req.get('content-length') ?? 0) + Number(res.get('content-length') ?? 0);
    recordUsage(ctx, res.statusCode, bytes);
    if (deps.observability) observe(deps.observability, ctx, res);
    if (ctx.refusedByGate && !ctx.refusedByGate.logged) return;
    deps.logger.info(
      {
        requestId: ctx.requestId,
        method: req.method,
        path: echo(req.path),
        operation: ctx.operation?.operationId,
        status: res.statusCode,
        errorCode: ctx.errorCode,
        durationMs: Date.now() - ctx.startedAt,
      },
      'request',
    );
  }

  /**
   * The finished request as metrics and the end of its span: labels only from the operation, status and code. Like
   * its log line, the span of a request the address gate refused is exported only for the first refusal of the
   * minute (an unended span is never exported), so an anonymous flood costs counters, not ingestion.
   */
  function observe(observability: Observability, ctx: RequestState, res: Response): void {
    const operation = ctx.operation?.operationId;
    observability.metrics.requestFinished({
      operation,
      status: res.statusCode,
      errorCode: ctx.errorCode,
      durationMs: Date.now() - ctx.startedAt,
      replayed: res.get('idempotent-replayed') === 'true',
    });
    if (ctx.refusedByGate && !ctx.refusedByGate.logged) return;
    ctx.trace?.finish({
      requestId: ctx.requestId,
      operation,
      route: ctx.operation ? `${deps.contract.basePath}${ctx.operation.pathTemplate}` : undefined,
      status: res.statusCode,
      errorCode: ctx.errorCode,
    });
  }

  /**
   * Counts a request in its instance's usage report only when the caller is authenticated and CI confirmed the
   * instance for them, in this request or recently (request-attribution.ts, recent-access.ts); anything else a
   * caller typed never becomes a report key or label.
   */
  function recordUsage(ctx: RequestState, status: number, bytes: number): void {
    const wanted = ctx.pathParams.instanceId;
    if (!ctx.operation || !ctx.caller || wanted === undefined) return;
    const id = callerId(ctx.caller);
    const confirmed = ctx.attribution?.instanceConfirmed === true;
    if (confirmed) recentAccess.confirm(id, wanted);
    if (!confirmed && !recentAccess.confirmed(id, wanted)) return;
    deps.usage.record(
      inboundUsageEvent({
        at: deps.now(),
        operationId: ctx.operation.operationId,
        instanceId: wanted.toLowerCase(),
        entity: ctx.pathParams.entityName !== undefined ? { confirmed: ctx.attribution?.entityConfirmed } : undefined,
        caller: callerLabel(ctx.caller),
        callerId: id,
        status,
        errorCode: ctx.errorCode,
        bytes,
        durationMs: Date.now() - ctx.startedAt,
      }),
    );
  }

  return app;
}

/** Writes a handler's result: the only success writer. */
function serialize(res: Response, result: OperationResult): void {
  res.status(result.status).set(result.headers ?? {});
  if (result.body === undefined) res.end();
  else res.json(result.body);
}
