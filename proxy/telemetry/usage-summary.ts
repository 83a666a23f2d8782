/**
 * The parts of GetUsage a maker reads first: the most frequent errors with what each means and what to do (from the
 * error catalogue, docs/errors.md), and one sentence that fits in a notification e-mail of a monitoring flow.
 */
import { ERROR_CATALOG } from '../errors';

/** Errors listed in `topErrors` at most. */
export const USAGE_TOP_ERRORS_MAX = 5;

export interface UsageTopError {
  code: string;
  calls: number;
  meaning?: string;
  hint?: string;
}

/** The most frequent error codes with their meaning and the maker's action, most frequent first. */
export function topErrors(byErrorCode: { key: string; calls: number }[]): UsageTopError[] {
  return byErrorCode.slice(0, USAGE_TOP_ERRORS_MAX).map(({ key, calls }) => {
    const info = (ERROR_CATALOG as Record<string, { meaning: string; action: string } | undefined>)[key];
    return { code: key, calls, ...(info ? { meaning: info.meaning, hint: info.action } : {}) };
  });
}

/** One sentence: calls, failures and share, and the most frequent error with its count. */
export function usageSummary(hours: number, calls: number, failed: number, top: UsageTopError[]): string {
  const window = hours === 1 ? 'the last hour' : `the last ${hours} hours`;
  if (calls === 0) return `No calls in ${window}.`;
  const share = Math.round((failed / calls) * 100);
  const head = `${calls} call${calls === 1 ? '' : 's'} in ${window}, ${failed} failed (${share}%)`;
  return top.length > 0 ? `${head}; most frequent error: ${top[0].code} (${top[0].calls}).` : `${head}.`;
}
