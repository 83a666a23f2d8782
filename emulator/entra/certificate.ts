import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The fictional, dev-only certificate credential of PROXY_APP (self-signed, CN=ci-proxy-local). One PEM file holds the
 * certificate and its private key so the proxy's tests can configure MSAL's `clientCertificate` with it.
 */
export const DEV_CERTIFICATE_PATH = join(__dirname, 'dev-certificate.pem');

/** SHA-256 thumbprint (hex) of the dev certificate, as MSAL's `thumbprintSha256` wants it. */
export const DEV_CERTIFICATE_THUMBPRINT_SHA256 = 'EBFEC26792509D99E37BB47680E60264375978FE6F6192B3335EFECB73A02E0F';

/** The dev certificate's parts, read from `DEV_CERTIFICATE_PATH`. */
export interface DevCertificate {
  certificatePem: string;
  privateKeyPem: string;
  /** Computed from the certificate itself (hex, upper case). */
  thumbprintSha256: string;
}

let loaded: DevCertificate | undefined;

/** Reads (once) and splits the dev certificate PEM into certificate, private key and thumbprint. */
export function loadDevCertificate(): DevCertificate {
  if (loaded) return loaded;
  const pem = readFileSync(DEV_CERTIFICATE_PATH, 'utf8');
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
  const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(pem);
  if (!cert || !key) throw new Error(`${DEV_CERTIFICATE_PATH} must hold a CERTIFICATE and a PRIVATE KEY block`);
  const thumbprintSha256 = new X509Certificate(cert[0]).fingerprint256.replace(/:/g, '');
  loaded = { certificatePem: `${cert[0]}\n`, privateKeyPem: `${key[0]}\n`, thumbprintSha256 };
  return loaded;
}
