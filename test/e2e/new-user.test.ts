/**
 * A new user's first minutes, with real processes: from a fresh clone (issue #4), `npm start` prints a banner whose
 * `TOKEN=…` and `curl …` lines, pasted into bash, create an activity and read it back first in the timeline; the
 * emulator README's "Try it" sequence (issue #2) posts an activity that the very next read finds in the customer's
 * timeline; and `npm start` with an incomplete real configuration stops, naming what is missing, without an emulator.
 * (test/e2e/production-start.test.ts runs the deployable build.)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, spawnNpmStart, startEmulatorProcess, type SpawnedProcess } from '../support/e2e-processes';
import { markdownShellBlock, runBash } from '../support/e2e-shell';

/** The last JSON object printed at the end of `text` (curl bodies are printed back to back). */
function lastJson(text: string): Record<string, unknown> {
  const trimmed = text.trimEnd();
  for (let i = trimmed.lastIndexOf('{'); i >= 0; i = trimmed.lastIndexOf('{', i - 1)) {
    try {
      return JSON.parse(trimmed.slice(i)) as Record<string, unknown>;
    } catch {
      // not the start of the last object yet
    }
  }
  throw new Error(`no JSON object at the end of:\n${text}`);
}

describe('from a fresh clone: npm start, then the printed command', () => {
  let clone: string;
  let stack: SpawnedProcess;
  let command: string;

  beforeAll(async () => {
    clone = mkdtempSync(path.join(os.tmpdir(), 'e2e-clone-'));
    execFileSync('git', ['clone', '-q', REPO_ROOT, clone]);
    // Stands in for the README's `npm ci` (no registry access in tests): the same installed packages.
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
    const pkg = JSON.parse(readFileSync(path.join(clone, 'package.json'), 'utf8')) as { scripts: { start: string } };
    expect(pkg.scripts.start).toBe('exec node scripts/npm-start.js');
    stack = spawnNpmStart({ PORT: '0', EMULATOR_CI_PORT: '0', EMULATOR_ENTRA_PORT: '0' }, clone);
    await stack.waitFor(/Stop with Ctrl\+C\./);
    const lines = stack.output().split('\n');
    const tokenAt = lines.findIndex((l) => l.startsWith('TOKEN='));
    expect(lines[tokenAt + 1]).toMatch(/^curl /);
    command = `${lines[tokenAt]}\n${lines[tokenAt + 1]}`;
  });
  afterAll(async () => {
    await stack?.stop();
    if (clone) rmSync(clone, { recursive: true, force: true });
  });

  test('the README tells a new user to install with npm ci and run npm start', () => {
    const quickstart = markdownShellBlock(path.join(clone, 'README.md'), 'Quickstart').join('\n');
    expect(quickstart).toMatch(/^npm ci\b/m);
    expect(quickstart).toMatch(/^npm start\b/m);
    expect(stack.output()).toMatch(/^LOCAL STACK: /m); // after npm's own two lines naming the script
  });

  test('the printed command creates a web purchase and shows it first in the timeline, twice in a row', async () => {
    let previousTime = 0;
    for (let run = 0; run < 2; run++) {
      const result = await runBash(command, clone);
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      const [createdLine, timelineLine] = result.stdout.split('\n').filter((l) => l.trim() !== '');
      const created = JSON.parse(createdLine) as Record<string, unknown>;
      expect(created).toMatchObject({ entityName: 'WebStore_webPurchases', activityId: expect.any(String) });
      const timeline = JSON.parse(timelineLine) as { value: Array<Record<string, unknown>> };
      expect(timeline.value).toHaveLength(1);
      const first = timeline.value[0];
      expect(first).toMatchObject({ sourceEntity: 'WebStore_webPurchases', title: expect.stringContaining('49.9') });
      const time = Date.parse(String(first.activityTime));
      expect(time).toBeGreaterThan(previousTime);
      previousTime = time;
    }
  });
});

describe('the emulator README: npm run emulator, then "Try it"', () => {
  test('the posted activity is the newest in the customer timeline on the very next read', async () => {
    const emulator = await startEmulatorProcess();
    try {
      // The block exactly as documented, only its default ports pointed at this emulator's.
      const script = markdownShellBlock(path.join(REPO_ROOT, 'emulator', 'README.md'), 'Try it')
        .join('\n')
        .replaceAll('http://127.0.0.1:7082', emulator.entraUrl)
        .replaceAll('http://127.0.0.1:7081', emulator.ciUrl);
      expect(script).not.toMatch(/<[A-Za-z]+>/); // nothing left for the reader to fill in
      const run = await runBash(script);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      expect(run.stdout).toMatch(/^HTTP\/1\.1 201 /m);
      const storedLine = run.stdout.split('\n').find((l) => l.startsWith('{') && l.includes('"PurchaseId"'));
      expect(storedLine).toBeDefined();
      const stored = JSON.parse(storedLine!) as Record<string, unknown>;
      // The read follows the write at once, with no wait or retry: the timeline shows it within a second.
      const timeline = lastJson(run.stdout) as { value: Array<Record<string, unknown>> };
      expect(timeline.value[0]).toMatchObject({
        SourceTableName: 'WebStore_webPurchases',
        SourceActivityId: stored.PurchaseId,
        CustomerId: expect.any(String),
      });
    } finally {
      await emulator.process.stop();
    }
  });
});

describe('npm start with incomplete real settings', () => {
  test('CI_SUBSCRIPTION_KEY alone stops startup naming every missing setting, and no emulator starts', async () => {
    const start = spawnNpmStart({
      CI_SUBSCRIPTION_KEY: 'x',
      PORT: '0',
      EMULATOR_CI_PORT: '0',
      EMULATOR_ENTRA_PORT: '0',
    });
    const code = await start.exited;
    expect(code).not.toBe(0);
    const output = start.output();
    for (const name of ['ENTRA_TENANT_ID', 'PROXY_CLIENT_ID', 'PROXY_APP_ID_URI', 'PROXY_CLIENT_SECRET']) {
      expect(output).toContain(name);
    }
    expect(output).not.toMatch(/LOCAL STACK|emulator|listening/i);
  });
});
