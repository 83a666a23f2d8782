import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, type KeyLike } from 'jose';
import { SIGNING_KEY_MODULUS_BITS } from './constants';

/** One token-signing key. */
export interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  publicKey: KeyLike;
  /** Public JWK as published (kty, n, e, kid, x5t, use). */
  jwk: JWK;
}

/**
 * The stand-in's signing keys: the current key signs, and after a rotation the previous key stays published so tokens
 * it signed still verify (Entra publishes several keys and rotates without notice: docs/entra.md#validating-incoming-tokens).
 */
export interface KeyRing {
  /** The key new tokens are signed with. */
  current(): Promise<SigningKey>;
  /** Every key a verifier may meet: current first, then the previous one. */
  published(): Promise<SigningKey[]>;
  /** Makes a new current key, keeps the old one as previous, drops the one before; resolves to the new kid. */
  rotate(): Promise<string>;
}

async function newSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: SIGNING_KEY_MODULUS_BITS });
  const exported = await exportJWK(publicKey);
  // Entra's kid is a base64url SHA thumbprint repeated in x5t; the RFC 7638 thumbprint gives a stable equivalent.
  const kid = await calculateJwkThumbprint(exported, 'sha256');
  const jwk: JWK = { kty: 'RSA', use: 'sig', kid, x5t: kid, n: exported.n, e: exported.e };
  return { kid, privateKey, publicKey, jwk };
}

/** Creates a key ring; the first key is generated lazily so the factory stays synchronous. */
export function createKeyRing(): KeyRing {
  let keys: Promise<SigningKey[]> | undefined;
  const ensure = () => (keys ??= newSigningKey().then((k) => [k]));
  return {
    current: async () => (await ensure())[0],
    published: () => ensure(),
    async rotate() {
      // Chained on the latest ring so concurrent rotations never lose a key.
      keys = ensure().then(async (before) => [await newSigningKey(), before[0]]);
      return (await keys)[0].kid;
    },
  };
}
