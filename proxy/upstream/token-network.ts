/**
 * The HTTP client MSAL uses for Entra calls. MSAL's default sends token POSTs with no timeout
 * (docs/entra.md#credentials: still pending after 5 s against a silent endpoint), so every request here carries an
 * AbortSignal timeout. Shaped like MSAL's `INetworkModule` (structural typing keeps `@azure/msal-node` imported only
 * by token-provider.ts).
 */

/**
 * Raised when Entra did not answer within the token timeout. MSAL replaces it with a bare `network_error`, so the
 * client also counts timeouts (`timeouts`) for the provider to tell a timeout from other network failures.
 */
export class TokenTimeoutError extends Error {
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`Entra did not answer within ${timeoutMs} ms`);
    this.name = 'TokenTimeoutError';
  }
}

interface RequestOptions {
  headers?: Record<string, string>;
  body?: string;
}

/** MSAL's `NetworkResponse`: headers, parsed JSON body, status; non-2xx statuses are returned, not thrown. */
export interface TokenNetworkResponse<T> {
  headers: Record<string, string>;
  body: T;
  status: number;
}

/** A fetch-based network module with a hard timeout on every request, GET and POST alike. */
export class TimeoutNetworkClient {
  /** How many requests have timed out so far. */
  timeouts = 0;

  constructor(private readonly timeoutMs: number) {}

  sendGetRequestAsync<T>(url: string, options?: RequestOptions): Promise<TokenNetworkResponse<T>> {
    return this.send<T>(url, 'GET', options);
  }

  sendPostRequestAsync<T>(url: string, options?: RequestOptions): Promise<TokenNetworkResponse<T>> {
    return this.send<T>(url, 'POST', options);
  }

  private async send<T>(url: string, method: string, options?: RequestOptions): Promise<TokenNetworkResponse<T>> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers: options?.headers,
        body: method === 'POST' ? (options?.body ?? '') : undefined,
        signal,
      });
      text = await response.text();
    } catch (err) {
      if (signal.aborted) {
        this.timeouts++;
        throw new TokenTimeoutError(url, this.timeoutMs);
      }
      throw err;
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => (headers[key] = value));
    let body: unknown = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      // A non-JSON error page: MSAL still sees the status (and throttles on 429/5xx,
      // docs/entra.md#client-credentials-and-the-cache).
    }
    return { headers, body: body as T, status: response.status };
  }
}
