/**
 * The repository stands alone: a reader with only this checkout can follow every citation. Code, comments and docs
 * cite docs/ (or a public source), never the team's private research notes kept beside the checkout, their file names
 * or their section short forms; and every `docs/<file>.md#<anchor>` citation names a heading that exists.
 *
 * The patterns below are written so that this file does not match them itself (escaped dots, character classes).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** What a private-note citation looks like: the notes' folder, their file names, or their section short form. */
const PRIVATE_CITATIONS: { what: string; pattern: RegExp }[] = [
  { what: 'the private notes folder', pattern: /\.\.\/shared\b/ },
  { what: 'a private note file name', pattern: /customer-insights-api\.md/ },
  { what: 'a private note file name', pattern: /customer-insights-operations\.json/ },
  { what: 'a private note file name', pattern: /power-platform-connectors\.md/ },
  { what: 'a private note file name', pattern: /auth-msal-entra\.md/ },
  { what: 'a private note file name', pattern: /style[-]by[-]example/ },
  { what: 'a private note file name', pattern: /design[-]review\.md/ },
  { what: 'a note section short form ("ref" or "reference", then a section sign)', pattern: /\bref(?:erence)? §/ },
];

/** Source and documentation files: TypeScript, JavaScript, JSON (the lockfile only lists packages) and Markdown. */
const SOURCE_FILE = /\.(?:[cm]?ts|[cm]?js|json|md)$/;

/** Tracked files plus new ones not yet added (but not ignored ones), so a citation fails before it is committed. */
function sourceFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return [...new Set(listed.split('\0'))]
    .filter((file) => SOURCE_FILE.test(file) && !file.endsWith('package-lock.json'))
    .filter((file) => existsSync(join(root, file))); // a deleted file stays listed until the deletion is staged
}

/** `file:line: text` for every line of `text` that cites the private notes. */
function privateCitations(file: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, index) => {
    for (const { what, pattern } of PRIVATE_CITATIONS) {
      if (pattern.test(line)) found.push(`${file}:${index + 1}: ${what}: ${line.trim()}`);
    }
  });
  return found;
}

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  const headings = markdown.split('\n').filter((line) => /^#{1,6} /.test(line));
  return new Set(headings.map((line) => slug(line.replace(/^#+ /, ''))));
}

/** Each `docs/<file>.md#<anchor>`, and the `#<anchor>`s listed right after it (`, #<other>`), as [file, anchor]. */
function docsAnchorCitations(text: string): [string, string][] {
  const cited: [string, string][] = [];
  for (const m of text.matchAll(/docs\/([\w-]+\.md)#([\w-]+)((?:[,;]\s+#[\w-]+)*)/g)) {
    cited.push([m[1], m[2]]);
    for (const more of m[3].matchAll(/#([\w-]+)/g)) cited.push([m[1], more[1]]);
  }
  return cited;
}

describe('the repository stands alone', () => {
  const files = sourceFiles();

  test('the scan sees the source tree', () => {
    // Guards against a scan that silently finds nothing (wrong root, git missing): then every check below would pass.
    expect(files.length).toBeGreaterThan(200);
    for (const file of ['README.md', 'proxy/app.ts', 'emulator/ci/constants.ts', 'connector/lint/constants.ts']) {
      expect(files).toContain(file);
    }
  });

  test('the patterns catch each form of a private citation and nothing else', () => {
    const dotdot = '..';
    const cites = [
      `see ${dotdot}/shared/reference/x`,
      ['customer-insights-api', 'md §2'].join('.'),
      ['customer-insights-operations', 'json'].join('.'),
      ['(power-platform-connectors', 'md §6)'].join('.'),
      ['auth-msal-entra', 'md'].join('.'),
      ['style', 'by', 'example.md rule 12'].join('-'),
      ['design', 'review.md'].join('-'),
      ['(ref', '§2 "Limits")'].join(' '),
      ['(connectors reference', '§6)'].join(' '),
    ];
    for (const line of cites) expect(privateCitations('sample', line)).toHaveLength(1);
    const fine = [
      'docs/design.md §4',
      'RFC 9110 §9.3.2',
      'docs/customer-insights.md#reads',
      'const ref = aadsts;',
      'the reference implementation',
    ];
    for (const line of fine) expect(privateCitations('sample', line)).toEqual([]);
  });

  test('anchors and the citations of them are read as GitHub writes them', () => {
    const headings = '# Title\n## Limits and known problems\n### paconn and pac\n## 1. Local stack\nnot a # heading';
    expect([...anchorsOf(headings)]).toEqual(['title', 'limits-and-known-problems', 'paconn-and-pac', '1-local-stack']);
    expect(docsAnchorCitations('(docs/entra.md#credentials, #the-obo-chain; docs/design.md §4)')).toEqual([
      ['entra.md', 'credentials'],
      ['entra.md', 'the-obo-chain'],
    ]);
  });

  test('no source or documentation file cites the private research notes', () => {
    const found = files.flatMap((file) => privateCitations(file, readFileSync(join(root, file), 'utf8')));
    expect(found).toEqual([]);
  });

  test('every docs/<file>.md#<anchor> citation names an existing heading', () => {
    const anchors = new Map<string, Set<string> | undefined>();
    const anchorsIn = (doc: string) => {
      if (!anchors.has(doc)) {
        const path = join(root, 'docs', doc);
        anchors.set(doc, existsSync(path) ? anchorsOf(readFileSync(path, 'utf8')) : undefined);
      }
      return anchors.get(doc);
    };
    const broken: string[] = [];
    let checked = 0;
    for (const file of files) {
      for (const [doc, anchor] of docsAnchorCitations(readFileSync(join(root, file), 'utf8'))) {
        checked++;
        if (!anchorsIn(doc)?.has(anchor)) broken.push(`${file}: docs/${doc}#${anchor}`);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(broken).toEqual([]);
  });
});
