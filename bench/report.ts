/** The bench's output: one compact table of runs, then one PASS/FAIL line per target. */
import type { LoadResult } from './load';

export interface TableRow {
  run: string;
  calls: number | string;
  rps: string;
  p50: string;
  p99: string;
  note: string;
}

export interface TargetVerdict {
  /** e.g. "1 proxy read overhead". */
  target: string;
  pass: boolean;
  /** The measured value against the target, e.g. "0.52× ≥ 0.35×". */
  detail: string;
}

export interface PhaseOutcome {
  rows: TableRow[];
  verdict: TargetVerdict;
}

/** A table row for one load run. */
export function loadRow(run: string, r: LoadResult, note = ''): TableRow {
  return {
    run,
    calls: r.calls,
    rps: r.rps.toFixed(0),
    p50: `${r.p50Ms.toFixed(1)} ms`,
    p99: `${r.p99Ms.toFixed(1)} ms`,
    note,
  };
}

/** A row that reports a value rather than a load run. */
export function noteRow(run: string, note: string): TableRow {
  return { run, calls: '', rps: '', p50: '', p99: '', note };
}

const COLUMNS: { key: keyof TableRow; title: string; right: boolean }[] = [
  { key: 'run', title: 'run', right: false },
  { key: 'calls', title: 'calls', right: true },
  { key: 'rps', title: 'req/s', right: true },
  { key: 'p50', title: 'p50', right: true },
  { key: 'p99', title: 'p99', right: true },
  { key: 'note', title: 'note', right: false },
];

/** Renders rows as an aligned text table. */
export function renderTable(rows: TableRow[]): string {
  const widths = COLUMNS.map((c) => Math.max(c.title.length, ...rows.map((r) => String(r[c.key]).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (COLUMNS[i].right ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [
    line(COLUMNS.map((c) => c.title)),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(COLUMNS.map((c) => String(r[c.key])))),
  ].join('\n');
}

/** One line per target: `PASS 1 proxy read overhead: 0.52× ≥ 0.35×`. */
export function renderVerdicts(verdicts: TargetVerdict[]): string {
  return verdicts.map((v) => `${v.pass ? 'PASS' : 'FAIL'} ${v.target}: ${v.detail}`).join('\n');
}
