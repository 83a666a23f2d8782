/**
 * The README is where a new user meets the settings and the commands: its settings table must stay the one in
 * docs/settings.md (itself tested against the variables proxy/config.ts reads), and every `npm run` it names must exist.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const tableOf = (markdown: string) => markdown.split('\n').filter((line) => /^\| `[A-Z_]+` \|/.test(line));

test('the README settings table equals docs/settings.md', () => {
  const readme = tableOf(read('README.md'));
  expect(readme.length).toBeGreaterThan(10);
  expect(readme).toEqual(tableOf(read('docs/settings.md')));
});

test('every npm script the README names exists in package.json', () => {
  const scripts = Object.keys(JSON.parse(read('package.json')).scripts as Record<string, string>);
  const named = [...read('README.md').matchAll(/npm run (?:-s )?([a-z:]+)/g)].map((m) => m[1]);
  expect(named.length).toBeGreaterThan(3);
  for (const name of named) expect(scripts).toContain(name);
});

test('the README shows the install, start and test commands', () => {
  const readme = read('README.md');
  for (const command of ['npm ci', 'npm start', 'npm test']) expect(readme).toContain(command);
});
