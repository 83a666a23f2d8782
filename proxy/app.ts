/**
 * The proxy's one request pipeline (style guide rule 3: the only file calling `app.use`), in request order:
 * request context → match operation → authenticate → rate limit → JSON body → validate → handler → serialize →
 * error → telemetry (recorded when the response finishes). Handlers never touch `res`; only `serialize` and
 * `renderErrors` write responses.
 */
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { InboundAuth } from './auth/inbound';
import type { Caller } from './auth/caller';
import { createRequestValidator } from './contract/request-validator';
import { assertRegistryMatches } from './contract/registry-check';
import type { Contract, OperationSpec } from './contract/load-contract';
import { createRouteTable } from './contract/route-table';
import { methodNotAllowed, operationNotFound, operationNotSupported, rateLimited } from './errors';
import { renderError, unsupportedMediaType } from './errors';
import { bodyParserError } from './contract/body-parser-errors';
import { tooDeep } from './contract/json-depth';
import type { RateLimiter } from './limits/rate-limiter';
import type { OperationDeps, OperationRegistry, OperationResult } from './operations';
import { callerLabel } from './operations/context';
import { inboundUsageEvent } from './telemetry/inbound-outcome';
import { identityScopedCache, upstreamIdentityKey } from './upstream/identity-scope';

export interface AppDeps extends OperationDeps {
  contract: Contract;
  registry: OperationRegistry;
  auth: InboundAuth;
  rateLimiter: RateLimiter;
  logger: Logger;
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
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;
/** POST/PUT/DELETE on profiles has no operation: CI cannot create or delete profiles (customer-insights-api.md §2). */
const PROFILE_WRITE = /\/instances\/[^/]+\/profiles(\/[^/]+)?\/?$/;

const state = (res: Response): RequestState => res.locals.ctx as RequestState;

/** Builds the Express app; throws ContractDriftError when the registry and the contract disagree. */
export function createApp(deps: AppDeps): express.Express {
  assertRegistryMatches(deps.contract, deps.registry);
  const routes = createRouteTable(deps.contract);
  const validator = createRequestValidator(deps.contract);
  const app = express();
  app.disable('x-powered-by');
  // App Service and APIM front ends reach us from private addresses; their X-Forwarded-* make nextLink correct.
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // 1. Request context: an id for logs and error bodies (the caller's x-ms-client-request-id when sane), and the
  //    telemetry hook that runs once the response has been written.
  app.use(function requestContext(req: Request, res: Response, next: NextFunction) {
    const given = req.get('x-ms-client-request-id');
    const ctx: RequestState = {
      requestId: given && REQUEST_ID.test(given) ? given : randomUUID(),
      startedAt: Date.now(),
      pathParams: {},
      params: {},
    };
    res.locals.ctx = ctx;
    res.set('x-ms-request-id', ctx.requestId);
    res.on('finish', () => recordTelemetry(req, res));
    next();
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
          `Customer profiles cannot be created or deleted through the real-time API (${req.method} ${req.path}); they come from unification. Use Update customer profile to change fields.`,
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
  app.use(function rateLimit(_req: Request, res: Response, next: NextFunction) {
    const caller = state(res).caller!;
    const decision = deps.rateLimiter.take(`${caller.tenantId}:${caller.objectId}:${caller.appId}`);
    if (!decision.allowed) return next(rateLimited(decision.retryAfterSeconds, deps.config.limits.rateLimitPerMinute));
    next();
  });

  // 5. JSON body, only once the caller is known and within its rate (an anonymous caller never makes the proxy
  //    parse up to MAX_BODY_BYTES): the configured size limit; anything else than JSON with a body is refused (415).
  app.use(function requireJson(req: Request, _res: Response, next: NextFunction) {
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    if (hasBody && !req.is(['application/json', 'application/*+json'])) {
      return next(unsupportedMediaType(req.get('content-type') ?? ''));
    }
    next();
  });
  app.use(express.json({ limit: deps.config.http.maxBodyBytes, type: ['application/json', 'application/*+json'] }));
  app.use(function limitDepth(req: Request, _res: Response, next: NextFunction) {
    next(tooDeep(req.body));
  });

  // 6. Validate the declared parameters (types, enums, ranges, required); dynamic bodies are checked by handlers.
  app.use(function validate(req: Request, res: Response, next: NextFunction) {
    const ctx = state(res);
    ctx.params = validator.validate(ctx.operation!.operationId, {
      path: ctx.pathParams,
      query: req.query as Record<string, unknown>,
      headers: req.headers,
    });
    next();
  });

  // 7. Handler, 8. serialize.
  app.use(async function handle(req: Request, res: Response) {
    const ctx = state(res);
    const operationId = ctx.operation!.operationId;
    const ci = deps.ci;
    const identity = upstreamIdentityKey(ctx.caller!, deps.config.upstream.authMode);
    const result: OperationResult = await deps.registry[operationId]({
      operationId,
      requestId: ctx.requestId,
      params: ctx.params,
      body: req.body,
      caller: ctx.caller!,
      selfUrl: `${req.protocol}://${req.get('host')}${req.path}`,
      deps: {
        ...deps,
        ci: { request: (r) => ci.request({ requestId: ctx.requestId, ...r }), close: ci.close },
        entityModels: identityScopedCache(deps.entityModels, identity),
        profileLookups: identityScopedCache(deps.profileLookups, identity),
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
    if (res.locals.ctx) state(res).errorCode = rendered.body.error.code;
    if (res.headersSent) return;
    res.status(rendered.status).set(rendered.headers).json(rendered.body);
  });

  // 10. Telemetry: one usage event and one log line per finished request.
  function recordTelemetry(req: Request, res: Response): void {
    const ctx = state(res);
    const bytes = Number(req.get('content-length') ?? 0) + Number(res.get('content-length') ?? 0);
    if (ctx.operation) {
      deps.usage.record(
        inboundUsageEvent({
          at: deps.now(),
          operationId: ctx.operation.operationId,
          params: { ...ctx.pathParams, ...ctx.params },
          caller: ctx.caller ? callerLabel(ctx.caller) : undefined,
          status: res.statusCode,
          errorCode: ctx.errorCode,
          bytes,
        }),
      );
    }
    deps.logger.info(
      {
        requestId: ctx.requestId,
        method: req.method,
        path: req.path,
        operation: ctx.operation?.operationId,
        status: res.statusCode,
        errorCode: ctx.errorCode,
        durationMs: Date.now() - ctx.startedAt,
      },
      'request',
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
