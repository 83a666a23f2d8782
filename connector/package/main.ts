/**
 * `npm run connector:package -- --host <proxy host> --resource <App ID URI> [...]`: writes the deployable folder, then
 * lints it; exits 1 on bad arguments or findings (nothing is written when the arguments are wrong).
 */
import { join } from 'node:path';
import { lintConnector } from '../lint/index';
import { parsePackageOptions, USAGE } from './options';
import { outDirProblem, writePackage } from './package';

async function main(): Promise<number> {
  const { options, problems } = parsePackageOptions(process.argv.slice(2));
  if (!options) {
    problems.forEach((p) => console.error(`connector:package: ${p}`));
    console.error(USAGE);
    return 1;
  }
  const repoRoot = join(__dirname, '..', '..');
  const problem = outDirProblem(repoRoot, options);
  if (problem) {
    console.error(`connector:package: ${problem}`);
    return 1;
  }
  const dir = writePackage(repoRoot, options);
  const findings = await lintConnector(dir);
  for (const f of findings) console.log(`${f.file} ${f.pointer || '/'} ${f.rule}: ${f.message}`);
  console.log(`connector:package: wrote ${dir} (${findings.length} lint findings)`);
  return findings.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`connector:package failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(2);
  },
);
