/**
 * Readme rules: the certified template's headings (docs/power-platform.md#layout) and the operation list kept
 * equal to the swagger's visible summaries (docs/power-platform.md#organisation-of-our-connector-file).
 */
import { README_KNOWN_ISSUES, README_SECTIONS } from '../constants';
import type { RuleGroup } from '../context';
import { operationsOf } from '../swagger-model';

/** The text under one `## Heading` up to the next `## ` heading, or undefined. */
function sectionText(readme: string, heading: string): string | undefined {
  return new RegExp(`^##\\s+${heading}\\s*$([\\s\\S]*?)(?=^##\\s)`, 'm').exec(readme + '\n## end\n')?.[1];
}

/** The `### Summary` headings under `## Supported Operations`, in order. */
export function readmeOperations(readme: string): string[] {
  const section = sectionText(readme, 'Supported Operations');
  if (section === undefined) return [];
  return [...section.matchAll(/^###\s+(.+?)\s*$/gm)].map((m) => m[1]);
}

/** The summaries of the operations makers see (not internal), in file order. */
export function visibleSummaries(swagger: Record<string, unknown>): string[] {
  return operationsOf(swagger)
    .filter((o) => o.op['x-ms-visibility'] !== 'internal')
    .map((o) => String(o.op.summary ?? ''));
}

/** Checks the readme when one was found. */
export const readmeRules: RuleGroup = ({ swagger, readme, sinks }) => {
  if (readme === undefined) return;
  const out = sinks.readme;
  for (const heading of README_SECTIONS)
    if (!new RegExp(`^##\\s+${heading}\\s*$`, 'm').test(readme))
      out.add('', 'ReadmeSectionMissing', `The readme lacks the "## ${heading}" section of the certified template.`);
  const issues = sectionText(readme, 'Known Issues and Limitations');
  if (issues !== undefined)
    for (const { topic, pattern } of README_KNOWN_ISSUES)
      if (!pattern.test(issues.replace(/\s+/g, ' ')))
        out.add('', 'ReadmeKnownIssueMissing', `Known Issues and Limitations does not say: ${topic}.`);
  const listed = readmeOperations(readme);
  const expected = visibleSummaries(swagger);
  for (const summary of expected.filter((s) => !listed.includes(s)))
    out.add('', 'ReadmeOperationsMismatch', `"${summary}" is in the swagger but not under Supported Operations.`);
  for (const heading of listed.filter((s) => !expected.includes(s)))
    out.add(
      '',
      'ReadmeOperationsMismatch',
      `"${heading}" is under Supported Operations but no visible operation has that summary.`,
    );
};
