/**
 * `npm run connector:package -- --host <proxy host> --resource <App ID URI> --tenant <tenant> --client-id <GUID>`:
 * writes the deployable folder (connector files, solution/, logic-apps/), then checks what it wrote: the lint on the
 * connector, the solution archive read back and checked, its connector linted as an environment gets it, and the
 * Logic Apps template checked against the resource type. Exits 1 on bad arguments or findings (nothing is written when
 * the arguments are wrong), 0 with usage on --help.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { customApiProblems } from '../logic-apps/custom-api';
import { lintConnector } from '../lint/index';
import { lintSolutionConnector, solutionProblems } from '../solution/check';
import { readZip } from '../solution/zip';
import { parsePackageOptions, USAGE } from './options';
import {
  DEPLOYMENT_SETTINGS_FILE,
  LOGIC_APPS_FILES,
  PACKAGE_DIRS,
  PACKAGE_FILES,
  packageProblems,
  writePackage,
} from './package';
import { buildSolution } from '../solution/solution';
import { packagedConnector } from './package';

async function main(): Promise<number> {
  const { options, problems, help } = parsePackageOptions(process.argv.slice(2));
  if (help) {
    console.log(USAGE);
    return 0;
  }
  if (!options) {
    problems.forEach((p) => console.error(`connector:package: ${p}`));
    console.error(USAGE);
    return 1;
  }
  const repoRoot = join(__dirname, '..', '..');
  const refused = packageProblems(repoRoot, options);
  if (refused.length > 0) {
    refused.forEach((p) => console.error(`connector:package: ${p}`));
    return 1;
  }
  const dir = writePackage(repoRoot, options);
  const findings = (await lintConnector(dir)).map((f) => `${f.file} ${f.pointer || '/'} ${f.rule}: ${f.message}`);

  const solutionDir = join(dir, PACKAGE_DIRS.solution);
  const { fileName } = buildSolution(packagedConnector(repoRoot, options), options);
  const files = readZip(readFileSync(join(solutionDir, fileName)));
  const settings = JSON.parse(readFileSync(join(solutionDir, DEPLOYMENT_SETTINGS_FILE), 'utf8'));
  const properties = JSON.parse(readFileSync(join(dir, PACKAGE_FILES.properties), 'utf8'));
  findings.push(...solutionProblems(files).map((p) => `${PACKAGE_DIRS.solution}/${fileName}: ${p}`));
  findings.push(
    ...(await lintSolutionConnector(files, settings.EnvironmentVariables, properties)).map(
      (f) => `${PACKAGE_DIRS.solution}/${fileName} (connector) ${f.pointer || '/'} ${f.rule}: ${f.message}`,
    ),
  );
  const template = JSON.parse(readFileSync(join(dir, PACKAGE_DIRS.logicApps, LOGIC_APPS_FILES.template), 'utf8'));
  findings.push(
    ...customApiProblems(template).map((p) => `${PACKAGE_DIRS.logicApps}/${LOGIC_APPS_FILES.template}: ${p}`),
  );

  findings.forEach((f) => console.log(f));
  console.log(`connector:package: wrote ${dir} (${findings.length} findings)`);
  console.log(`  connector files      pac connector create|update, paconn (settings.json)`);
  console.log(
    `  ${PACKAGE_DIRS.solution}/${fileName.padEnd(40)} pac solution import --settings-file ${PACKAGE_DIRS.solution}/${DEPLOYMENT_SETTINGS_FILE}`,
  );
  console.log(
    `  ${PACKAGE_DIRS.logicApps}/${LOGIC_APPS_FILES.template.padEnd(40)} az deployment group create (Logic Apps Consumption)`,
  );
  if (!options.keyVaultSecret)
    console.log(
      `  note: no --key-vault-secret given; set the client secret variable's value in ${DEPLOYMENT_SETTINGS_FILE} ` +
        'to the Key Vault secret resource id before importing',
    );
  return findings.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`connector:package failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(2);
  },
);
