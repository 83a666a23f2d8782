/**
 * Whether the proxy runs on a hosting platform, where it must listen on all interfaces: there the platform's front
 * end or the container network reaches it from outside the loopback interface (App Service forwards to the
 * container's `PORT`; a container's published port arrives on its own network interface). Locally the default stays
 * loopback, so a developer's configured proxy is not exposed to the network.
 */
import { existsSync } from 'node:fs';

/** Variables each platform sets in every app or container it runs (and nothing else sets). */
const PLATFORM_VARIABLES: Array<[variable: string, platform: string]> = [
  ['WEBSITE_SITE_NAME', 'Azure App Service'],
  ['CONTAINER_APP_NAME', 'Azure Container Apps'],
  ['KUBERNETES_SERVICE_HOST', 'Kubernetes'],
];

/** Files the container engines create inside every container (Docker, Podman). */
const CONTAINER_MARKER_FILES = ['/.dockerenv', '/run/.containerenv'];

/**
 * The platform the proxy runs on, named with the evidence (e.g. `Azure App Service (WEBSITE_SITE_NAME)`), or
 * undefined when it runs on a plain machine. `fileExists` is replaceable for tests.
 */
export function detectHostingPlatform(
  env: Record<string, string | undefined>,
  fileExists: (file: string) => boolean = existsSync,
): string | undefined {
  for (const [variable, platform] of PLATFORM_VARIABLES) {
    if (env[variable]?.trim()) return `${platform} (${variable})`;
  }
  const marker = CONTAINER_MARKER_FILES.find((file) => fileExists(file));
  return marker ? `a container (${marker})` : undefined;
}
