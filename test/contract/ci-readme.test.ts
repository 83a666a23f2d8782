/**
 * The "Try it" walk-through of emulator/README.md, run as written (bash + curl + node) against a running emulator,
 * twice in a row as a new user might: each run posts a web purchase (201 + Location) and finds it at the head of the
 * customer's timeline straight away.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_PORTS } from '../../emulator/well-known';
import { useEmulator } from '../support/emulator';

const env = useEmulator();
const run = promisify(execFile);

/** The first ```sh block of the README, pointed at this test's ports. */
function walkThrough(): string {
  const readme = readFileSync(join(__dirname, '../../emulator/README.md'), 'utf8');
  const script = /```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!script) throw new Error('emulator/README.md has no ```sh block');
  return script
    .replaceAll(`http://127.0.0.1:${DEFAULT_PORTS.entra}`, env.current.entraUrl)
    .replaceAll(`http://127.0.0.1:${DEFAULT_PORTS.ci}`, env.current.ciUrl);
}

it.each([1, 2])('posts an activity and reads it back in the timeline (run %i)', async () => {
  const { stdout } = await run('bash', ['-e', '-o', 'pipefail', '-c', walkThrough()], { timeout: 20_000 });
  const lines = stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^HTTP\/1\.1 201/);
  expect(lines).toContainEqual(expect.stringMatching(/^Location: .*\/data\/WebStore_webPurchases\(/));
  const posted = JSON.parse(lines.at(-2) ?? '') as { PurchaseId: string };
  const timeline = JSON.parse(lines.at(-1) ?? '') as { value: Record<string, unknown>[] };
  expect(timeline.value[0]).toMatchObject({
    SourceTableName: 'WebStore_webPurchases',
    SourceActivityId: posted.PurchaseId,
    ActivityType: 'WebPurchase',
  });
});
