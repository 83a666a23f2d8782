import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The certificate credential as MSAL wants it (docs/entra.md#credentials: `thumbprintSha256`, PEM key, `x5c`). */
export interface CertificateCredential {
  kind: 'certificate';
  privateKeyPem: string;
  thumbprintSha256: string;
  x5c?: string;
}

const KEY_BLOCK = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/;
const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Reads a PEM file holding the private key and its certificate (leaf first, chain optional) and derives the SHA-256
 * thumbprint and x5c. Throws an Error whose message never contains key material.
 */
export function loadCertificateCredential(path: string): CertificateCredential {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (pem.includes('ENCRYPTED PRIVATE KEY')) throw new Error('the private key is encrypted; give an unencrypted PEM');
  const keyBlock = KEY_BLOCK.exec(pem)?.[0];
  if (!keyBlock) throw new Error('no PEM private key found in the file');
  const certBlocks = pem.match(CERT_BLOCK) ?? [];
  if (certBlocks.length === 0) throw new Error('no PEM certificate found in the file');
  let key;
  let certs: X509Certificate[];
  try {
    key = createPrivateKey(keyBlock);
    certs = certBlocks.map((block) => new X509Certificate(block));
  } catch {
    throw new Error('the private key or certificate in the file cannot be parsed');
  }
  const leaf = certs[0];
  if (!leaf.checkPrivateKey(key)) throw new Error('the private key does not belong to the first certificate');
  return {
    kind: 'certificate',
    privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    thumbprintSha256: leaf.fingerprint256.replace(/:/g, '').toLowerCase(),
    // MSAL takes x5c as the PEM chain and sends it in the assertion header, so Entra can validate by subject name
    // and issuer (SNI) as well as by thumbprint.
    x5c: certs.map((c) => c.toString().trim()).join('\n'),
  };
}
