import { REQUEST_LOG_LIMIT } from './constants';

/** One request to a token endpoint (v1, v2 or managed identity), as the stand-in saw and answered it. */
export interface TokenRequestLog {
  /** ISO time on the stand-in's clock. */
  at: string;
  endpoint: 'token' | 'msi';
  /** 1 or 2 for `/oauth2/token` and `/oauth2/v2.0/token`; absent for the managed-identity endpoint. */
  tokenVersion?: 1 | 2;
  tenant?: string;
  grant?: string;
  clientId?: string;
  /** The resource identifier as requested (scope prefix or `resource=`). */
  resource?: string;
  status: number;
  /** OAuth `error` of a failed request. */
  error?: string;
  /** Set when an injected fault answered instead of the stand-in. */
  fault?: string;
}

/** A bounded, in-memory log of token requests (for "exactly one POST" assertions). */
export class RequestLog {
  private entries: TokenRequestLog[] = [];

  /** Appends an entry, dropping the oldest beyond REQUEST_LOG_LIMIT. */
  add(entry: TokenRequestLog): void {
    this.entries.push(entry);
    if (this.entries.length > REQUEST_LOG_LIMIT) this.entries.splice(0, this.entries.length - REQUEST_LOG_LIMIT);
  }

  /** A copy of the entries, oldest first. */
  list(): TokenRequestLog[] {
    return this.entries.map((e) => ({ ...e }));
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries = [];
  }
}
