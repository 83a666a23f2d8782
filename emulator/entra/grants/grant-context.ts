import type { Clock } from '../../clock';
import type { AuthorizationCodes } from '../authorization-codes';
import type { ClientAuthMethod, TokenSubject } from '../claims';
import type { KeyRing } from '../keys';
import type { ClientRegistration, Directory } from '../registrations';
import type { TokenTarget } from '../scopes';

/** What every grant handler receives once the client is authenticated and the target resource is known. */
export interface GrantContext {
  dir: Directory;
  keys: KeyRing;
  clock: Clock;
  tenantId: string;
  client: ClientRegistration;
  clientAuth: ClientAuthMethod;
  form: Record<string, string>;
  target: TokenTarget;
  /** The codes the sign-in form issued (authorization_code grant). */
  codes?: AuthorizationCodes;
}

/** What a grant decides: who the token is about, and which scopes to report (delegated only). */
export interface GrantOutcome {
  subject: TokenSubject;
  /** True for user tokens: the response then carries `client_info` (MSAL keys its OBO cache by it). */
  delegated: boolean;
  /** The authorization request's nonce, which the ID token repeats (the browser checks it). */
  nonce?: string;
}
