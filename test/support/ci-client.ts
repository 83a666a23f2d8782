/** A tiny CI API client for contract tests: real HTTP (fetch) with the bearer token and the subscription key. */
import { INSTANCES } from '../../emulator/well-known';

export const PROD = INSTANCES.production;
export const SANDBOX = INSTANCES.sandbox;

export interface CiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or undefined when empty. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

export interface CiCallOptions {
  token?: string | null;
  key?: string | null;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
}

/** Calls `${ciUrl}${path}`; token and key default to the given ones, `null` leaves the header out. */
export async function ciCall(
  ciUrl: string,
  method: string,
  path: string,
  options: CiCallOptions = {},
): Promise<CiResponse> {
  const headers: Record<string, string> = {};
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.key !== null) headers['Ocp-Apim-Subscription-Key'] = options.key ?? PROD.primaryKey;
  let body: string | undefined;
  if (options.rawBody !== undefined || options.body !== undefined) {
    body = options.rawBody ?? JSON.stringify(options.body);
    headers['Content-Type'] = options.contentType ?? 'application/json';
  }
  const res = await fetch(`${ciUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** Path of an instance route on the APIM surface. */
export function inst(instanceId: string, rest = ''): string {
  return `/v1/instances/${instanceId}${rest}`;
}
