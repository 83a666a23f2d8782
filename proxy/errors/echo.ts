/**
 * Caller-supplied values repeated in error messages and log lines are cut to a fixed length: a 7,500-character path
 * value echoed back in full made every refused request cost a 7.6 kB log line (issue 7, defect 2), and a message
 * only needs enough of the value for the maker to recognise it.
 */

/** Characters of a caller's value an error message or log field repeats at most. */
export const ECHO_MAX_CHARS = 120;

/** `value` as is when short, otherwise its first ECHO_MAX_CHARS characters, `…` and how many were left out. */
export function echo(value: string, maxChars: number = ECHO_MAX_CHARS): string {
  if (value.length <= maxChars) return value;
  return `${value.slice(0, maxChars)}… (${value.length - maxChars} more characters)`;
}
