/**
 * A lint finding: which file, where in it (a JSON pointer, RFC 6901), which rule and why. Rule names follow the Power
 * Platform Swagger Validator catalogue where one exists (docs/power-platform.md#swagger-validator-rules), ours
 * otherwise.
 */
import type { RuleName } from './rule-catalog';

export interface Finding {
  file: string;
  pointer: string;
  rule: RuleName;
  message: string;
}

/** Escapes one reference token of a JSON pointer (`~` → `~0`, `/` → `~1`). */
export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins a base pointer and further tokens into one JSON pointer. */
export function pointerOf(base: string, ...tokens: (string | number)[]): string {
  return base + tokens.map((t) => '/' + escapeToken(t)).join('');
}

/** Collects findings for one file, so rules only name the pointer, the rule and the message. */
export class FindingSink {
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();

  constructor(readonly file: string) {}

  /** Records a finding once; a definition shared by several operations is reported a single time. */
  add(pointer: string, rule: RuleName, message: string): void {
    const key = `${pointer}\u0000${rule}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.findings.push({ file: this.file, pointer, rule, message });
  }
}
