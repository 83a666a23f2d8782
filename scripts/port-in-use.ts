/**
 * First-run errors of the local stack's ports: which service could not listen, which variable moves it, and whether
 * the port is held by another local stack (its proxy answers /healthz) rather than by some other program.
 */

/** One listening service of the local stack, the port it asked for and the variable that sets that port. */
export interface PortOwner {
  service: string;
  variable: string;
  port: number;
}

export function localStackPorts(options: { proxyPort: number; ciPort: number; entraPort: number }): PortOwner[] {
  return [
    { service: 'proxy', variable: 'PORT', port: options.proxyPort },
    { service: 'CI emulator', variable: 'EMULATOR_CI_PORT', port: options.ciPort },
    { service: 'Entra stand-in', variable: 'EMULATOR_ENTRA_PORT', port: options.entraPort },
  ];
}

/** True when a proxy (of another local stack, or `npm run proxy`) answers its health check on that port. */
async function proxyAnswers(port: number): Promise<boolean> {
  if (port === 0) return false;
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1_000) });
    const body = (await res.json()) as { status?: unknown };
    return res.ok && body.status === 'ok';
  } catch {
    return false;
  }
}

/**
 * Turns a listen failure into a message a first-time user can act on; other errors are returned unchanged.
 * `proxyPort` is where another stack's proxy would answer.
 */
export async function explainListenError(err: unknown, owners: PortOwner[]): Promise<unknown> {
  const e = err as NodeJS.ErrnoException & { port?: number };
  if (e?.code !== 'EADDRINUSE' && e?.code !== 'EACCES') return err;
  const owner = owners.find((o) => o.port === e.port && o.port !== 0);
  if (!owner) return err;
  const proxy = owners.find((o) => o.service === 'proxy')!;
  if (e.code === 'EADDRINUSE' && (await proxyAnswers(proxy.port))) {
    return new Error(
      `another local stack is already running: its proxy answers at http://127.0.0.1:${proxy.port}/healthz. ` +
        'Use that one, or stop it first (Ctrl+C in its terminal). To run a second stack, set ' +
        `${owners.map((o) => o.variable).join(', ')} to free ports (0 picks any free port).`,
    );
  }
  const why = e.code === 'EACCES' ? 'may not be used by this user' : 'is already in use by another program';
  return new Error(
    `port ${owner.port} (the ${owner.service}'s) ${why}; set ${owner.variable} to a free port ` +
      `(for example ${owner.variable}=0 picks any free port), or stop the program that holds it.`,
  );
}
