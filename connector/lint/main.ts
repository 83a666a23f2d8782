/**
 * `npm run connector:lint [-- DIR]`: lints the connector in DIR (default: the current directory), prints one line per
 * finding as `FILE POINTER RULE: MESSAGE` and exits 1 when there is any.
 */
import { resolve } from 'node:path';
import { lintConnector } from './index';

async function main(): Promise<number> {
  const dir = resolve(process.argv[2] ?? '.');
  const findings = await lintConnector(dir);
  for (const f of findings) console.log(`${f.file} ${f.pointer || '/'} ${f.rule}: ${f.message}`);
  console.log(`connector:lint: ${findings.length} finding${findings.length === 1 ? '' : 's'} in ${dir}`);
  return findings.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`connector:lint failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(2);
  },
);
