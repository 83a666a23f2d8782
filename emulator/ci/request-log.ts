/** What the emulator received (`GET /_emulator/requests`), for "nothing was sent upstream" assertions. */
import { REQUEST_LOG_MAX_ENTRIES } from './constants';

export interface LoggedRequest {
  at: string;
  method: string;
  path: string;
  query: Record<string, unknown>;
  operation?: string;
  instanceId?: string;
  principal?: string;
  caller?: string;
  status?: number;
  errorCode?: string;
  fault?: string;
  hasSubscriptionKey: boolean;
  hasAuthorization: boolean;
  requestBytes: number;
  /** The W3C `traceparent` header the caller sent (what CI's own tracing would continue), when well-formed. */
  traceparent?: string;
}

export interface RequestLog {
  add(entry: LoggedRequest): LoggedRequest;
  list(): LoggedRequest[];
  clear(): void;
}

/** A bounded in-memory log (oldest entries dropped first). */
export function createRequestLog(): RequestLog {
  let entries: LoggedRequest[] = [];
  return {
    add(entry) {
      entries.push(entry);
      if (entries.length > REQUEST_LOG_MAX_ENTRIES) entries = entries.slice(-REQUEST_LOG_MAX_ENTRIES);
      return entry;
    },
    list: () => [...entries],
    clear: () => void (entries = []),
  };
}
