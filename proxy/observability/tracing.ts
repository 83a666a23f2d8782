/**
 * One span per inbound request (kind SERVER: an Application Insights request) and one child span per attempt of
 * each CI call (kind CLIENT: a dependency), whose W3C `traceparent` the CI client sends upstream. Contexts are passed
 * explicitly from the request to the CI client (no async-hooks context manager on the hot path). Span names and
 * attributes hold only bounded, non-secret values: the operationId, the contract's route template, status codes,
 * the error code and the request id; never a URL with its ids and query values, a token, a key or a record value.
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
  type Context,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { AttemptTrace, CallTrace } from '../upstream/types';
import { errorCodeLabel, transportLabel } from './labels';

const propagator = new W3CTraceContextPropagator();

/** What the finished request's span records. */
export interface RequestSpanOutcome {
  requestId: string;
  operation?: string;
  /** The contract's route template, e.g. `/api/instances/{instanceId}/entities`. */
  route?: string;
  status: number;
  errorCode?: string;
}

export interface RequestTrace extends CallTrace {
  finish(outcome: RequestSpanOutcome): void;
}

export interface RequestTracing {
  /** Starts a request's span, continuing the caller's trace when it sent a valid `traceparent`. */
  start(method: string, traceparent: string | undefined): RequestTrace;
}

export function createRequestTracing(tracer: Tracer, ciBaseUrl: string): RequestTracing {
  const ciHost = new URL(ciBaseUrl).host;

  function attemptSpan(parent: Context, info: { operation: string; method: string; attempt: number }): AttemptTrace {
    const span = tracer.startSpan(
      `CI ${info.method} ${info.operation}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': info.method,
          'server.address': ciHost,
          'proxy.operation': info.operation,
          'proxy.ci.attempt': info.attempt,
        },
      },
      parent,
    );
    const carrier: Record<string, string> = {};
    propagator.inject(trace.setSpan(parent, span), carrier, defaultTextMapSetter);
    return {
      traceparent: carrier.traceparent,
      end(status, errorCode) {
        if (status !== 0) span.setAttribute('http.response.status_code', status);
        else span.setAttribute('proxy.ci.transport', transportLabel(status, errorCode));
        if (status === 0 || status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      },
    };
  }

  return {
    start(method, traceparent) {
      const parent =
        traceparent !== undefined
          ? propagator.extract(ROOT_CONTEXT, { traceparent }, defaultTextMapGetter)
          : ROOT_CONTEXT;
      const span = tracer.startSpan(
        method,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
        parent,
      );
      const context = trace.setSpan(parent, span);
      return {
        attempt: (info) => attemptSpan(context, info),
        finish(outcome) {
          span.updateName(outcome.route ? `${method} ${outcome.route}` : `${method} (no operation)`);
          span.setAttributes({
            'http.response.status_code': outcome.status,
            'proxy.request_id': outcome.requestId,
            'proxy.operation': outcome.operation ?? 'unmatched',
            ...(outcome.route ? { 'http.route': outcome.route } : {}),
            ...(outcome.errorCode ? { 'proxy.error_code': errorCodeLabel(outcome.errorCode) } : {}),
          });
          if (outcome.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        },
      };
    },
  };
}
