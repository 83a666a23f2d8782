/**
 * Real headless Chromium (Debian package `chromium`) driven by playwright-core, for the suites that test pages in a
 * browser. Without it, locally the suites say so in one line and skip; in CI (`CI=true`) they fail.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_INSTALL_HINT = 'apt-get install -y chromium';

/** True when Chromium can be started here; in CI its absence is an error, not a skip. */
export function chromiumAvailable(): boolean {
  const found = existsSync(CHROMIUM_PATH);
  if (!found && process.env.CI === 'true') {
    throw new Error(`chromium is not installed at ${CHROMIUM_PATH}; CI must install it (${CHROMIUM_INSTALL_HINT})`);
  }
  if (!found) process.stdout.write(`Browser suites skipped: chromium is not installed (${CHROMIUM_INSTALL_HINT}).\n`);
  return found;
}

/** `describe` when Chromium is available, `describe.skip` otherwise (with the one-line notice). */
export const describeWithChromium: jest.Describe =
  typeof describe === 'undefined' ? (undefined as never) : chromiumAvailable() ? describe : describe.skip;

/** Flags for a quiet, offline-friendly headless run in containers (no sandbox, no GPU, no background traffic). */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ChromiumSession {
  /** The browser context of this Chromium (its first page is open). */
  context: BrowserContext;
  /** Closes Chromium and removes its profile. */
  close(): Promise<void>;
}

/**
 * Launches Chromium with a fresh user-data-dir (a person opening the page for the first time: no cookies, no
 * storage), removed again on close.
 */
export async function launchChromium(viewport = { width: 1280, height: 900 }): Promise<ChromiumSession> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    viewport,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
