/**
 * Target 2: the proxy serves TOKEN_ECONOMY_CALLS concurrent reads from 3 users (OBO upstream) and one app caller
 * (app-only upstream). The Entra stand-in's token log (`GET /_emulator/requests`, docs/design.md §2) was cleared
 * before the proxy started, so it holds every token request the proxy ever made: it must show exactly one OBO
 * request per user and one client-credentials request. Every one of them is charged to this run's calls, although
 * alice's was made by the read phase before it, so the per-1,000 figure is on the safe side. Three of the four callers
 * are new to the proxy when the run starts, so their first calls race for a token: single-flight is exercised too.
 */
import { PROXY_APP } from '../../emulator/well-known';
import { AMOUNT_RUN_MAX_SECONDS, TOKEN_ECONOMY_CALLS, TOKEN_REQUESTS_PER_1000_CALLS_MAX } from '../constants';
import { loadProblem, runLoad, type Workload } from '../load';
import { loadRow, noteRow, type PhaseOutcome } from '../report';

interface TokenLogEntry {
  grant?: string;
  clientId?: string;
  status: number;
}

const OBO_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const APP_GRANT = 'client_credentials';

/** Reads the stand-in's token log: every token request since the last clear. */
export async function tokenLog(entraUrl: string): Promise<TokenLogEntry[]> {
  const res = await fetch(`${entraUrl}/_emulator/requests`);
  if (res.status !== 200) throw new Error(`GET /_emulator/requests: ${res.status}`);
  return ((await res.json()) as { value: TokenLogEntry[] }).value;
}

/** Empties the stand-in's token log (done before the proxy starts, so every proxy token request is counted). */
export async function clearTokenLog(entraUrl: string): Promise<void> {
  const res = await fetch(`${entraUrl}/_emulator/requests`, { method: 'DELETE' });
  if (res.status >= 300) throw new Error(`DELETE /_emulator/requests: ${res.status}`);
}

/** The proxy's own token requests in the log (by its client id), by kind. */
export async function proxyTokenRequests(entraUrl: string): Promise<{ total: number; obo: number; app: number }> {
  const mine = (await tokenLog(entraUrl)).filter((e) => e.clientId === PROXY_APP.clientId);
  return {
    total: mine.length,
    obo: mine.filter((e) => e.grant === OBO_GRANT).length,
    app: mine.filter((e) => e.grant === APP_GRANT).length,
  };
}

/** Runs the calls and counts the proxy's own token requests. */
export async function tokenEconomy(opts: {
  proxyUrl: string;
  entraUrl: string;
  workload: Workload;
  users: number;
}): Promise<PhaseOutcome> {
  const run = await runLoad({
    url: opts.proxyUrl,
    workload: opts.workload,
    expect: [200],
    amount: TOKEN_ECONOMY_CALLS,
    maxSeconds: AMOUNT_RUN_MAX_SECONDS,
  });
  const { total, obo, app } = await proxyTokenRequests(opts.entraUrl);
  const per1000 = run.calls > 0 ? (total * 1000) / run.calls : Infinity;
  const problems = [
    loadProblem('proxied calls', run),
    run.cutShort ? `only ${run.calls} of ${TOKEN_ECONOMY_CALLS} calls within ${AMOUNT_RUN_MAX_SECONDS} s` : undefined,
    // Every call succeeded, so each user got a token; 3 OBO requests for 3 users means exactly one each.
    obo !== opts.users ? `${obo} OBO token requests for ${opts.users} users (want exactly one each)` : undefined,
    app !== 1 ? `${app} app-only token requests (want exactly 1)` : undefined,
    total !== obo + app ? `${total - obo - app} other token requests` : undefined,
  ].filter(Boolean);
  return {
    rows: [
      loadRow('tokens: 3 users + app via proxy', run, `${opts.users + 1} callers round-robin`),
      noteRow(
        'tokens: proxy → Entra',
        `since proxy start: ${obo} OBO + ${app} app-only = ${per1000.toFixed(2)} per 1,000 calls`,
      ),
    ],
    verdict: {
      target: '2 token economy',
      pass: problems.length === 0 && per1000 <= TOKEN_REQUESTS_PER_1000_CALLS_MAX,
      detail:
        `${total} token requests for ${run.calls} calls = ${per1000.toFixed(2)} per 1,000 ` +
        `(target ≤ ${TOKEN_REQUESTS_PER_1000_CALLS_MAX}; ${obo} OBO, ${app} app-only)` +
        (problems.length ? `; ${problems.join('; ')}` : ''),
    },
  };
}

/**
 * After every other phase: the memo must have served all later calls, so the proxy's token requests are still one
 * per caller. Adds a row to `outcome` and fails it when more were made.
 */
export async function recheckTokens(entraUrl: string, users: number, outcome: PhaseOutcome): Promise<void> {
  const after = await proxyTokenRequests(entraUrl);
  outcome.rows.push(noteRow('tokens: after all phases', `${after.total} token requests since proxy start`));
  if (after.total !== after.obo + after.app || after.obo !== users || after.app !== 1) {
    outcome.verdict = {
      ...outcome.verdict,
      pass: false,
      detail: `${outcome.verdict.detail}; ${after.total} token requests by the end of the bench`,
    };
  }
}
