import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { Db } from '../../db/client';
import { Conflict, Invalid, NotFound } from '../../lib/errors';
import type { UsersRepo } from '../accounts';
import { issueRecoveryCodes } from './recovery-codes';
import { createSecondFactorRepo, type PasskeyRow, type SecondFactorRepo } from './second-factor.repo';

const CHALLENGE_TTL_MS = 5 * 60 * 1000;
const MAX_PASSKEYS_PER_USER = 20;
const RP_NAME = 'Vitalbase';
const KNOWN_TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

/** The relying party is the public URL: its host is the RP ID, its origin the only accepted origin. */
function relyingParty(publicUrl: string) {
  const url = new URL(publicUrl);
  return { rpID: url.hostname, origin: url.origin };
}

/** What a passkey assertion is for: finishing a sign-in, or a signed-in user's security action. */
export type PasskeyPurpose = 'sign_in' | 'step_up';
const ceremonyOf = (purpose: PasskeyPurpose) => (purpose === 'sign_in' ? 'authentication' : 'step_up');

function transportsOf(row: PasskeyRow): AuthenticatorTransportFuture[] {
  return row.transports.filter((t) => KNOWN_TRANSPORTS.has(t)) as AuthenticatorTransportFuture[];
}

/**
 * Passkeys (WebAuthn) as a second factor: registering one from a signed-in browser, and proving one
 * during sign-in or again before a security action (step-up). Challenges live in the database, one per user and ceremony, single use, 5 minutes.
 */
export function createPasskeysService(deps: {
  db: Db;
  repo: SecondFactorRepo;
  users: Pick<UsersRepo, 'findById'>;
  publicUrl: string;
  now: () => Date;
}) {
  const { db, repo, users, now } = deps;
  const { rpID, origin } = relyingParty(deps.publicUrl);
  const expiry = () => new Date(now().getTime() + CHALLENGE_TTL_MS);

  return {
    list: (userId: string) => repo.listPasskeys(userId),

    async registrationOptions(userId: string) {
      const user = await users.findById(userId);
      if (!user) throw new NotFound('Account');
      const existing = await repo.listPasskeys(userId);
      if (existing.length >= MAX_PASSKEYS_PER_USER) {
        throw new Conflict(
          `An account can hold at most ${MAX_PASSKEYS_PER_USER} passkeys.`,
          'too_many_passkeys',
        );
      }
      const options = await generateRegistrationOptions({
        rpName: RP_NAME,
        rpID,
        userID: new TextEncoder().encode(userId),
        userName: user.email,
        userDisplayName: user.displayName,
        attestationType: 'none',
        excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: transportsOf(p) })),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
        timeout: CHALLENGE_TTL_MS,
      });
      await repo.putChallenge(userId, 'registration', options.challenge, expiry());
      return options;
    },

    /**
     * Stores the verified passkey. The first second factor of the account (no authenticator app, no
     * other passkey) comes with recovery codes, answered this once, as an authenticator app's does.
     */
    async register(
      userId: string,
      name: string,
      response: RegistrationResponseJSON,
    ): Promise<{ key: PasskeyRow; recoveryCodes?: string[] }> {
      const expectedChallenge = await repo.takeChallenge(userId, 'registration', now());
      if (!expectedChallenge) throw new Invalid('The passkey request expired: start again.');
      const verification = await verifyRegistrationResponse({
        response,
        expectedChallenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        requireUserVerification: false,
      }).catch(() => undefined);
      if (!verification?.verified) throw new Invalid('The passkey could not be verified.');
      const { credential } = verification.registrationInfo;
      return db.transaction(async (tx) => {
        const r = createSecondFactorRepo(tx);
        if (await r.findPasskeyByCredentialId(userId, credential.id)) {
          throw new Conflict('This passkey is already registered.', 'passkey_exists');
        }
        const first = !(await r.isEnabled(userId));
        const key = await r.insertPasskey({
          userId,
          name,
          credentialId: credential.id,
          publicKey: Buffer.from(credential.publicKey).toString('base64url'),
          counter: credential.counter,
          transports: (credential.transports ?? []).filter((t) => KNOWN_TRANSPORTS.has(t)),
          createdAt: now(),
        });
        return first ? { key, recoveryCodes: await issueRecoveryCodes(tx, userId, now()) } : { key };
      });
    },

    /** Removes a passkey; with no second factor left, the recovery codes go too. */
    async remove(userId: string, id: string): Promise<PasskeyRow> {
      return db.transaction(async (tx) => {
        const r = createSecondFactorRepo(tx);
        const gone = await r.deletePasskey(userId, id);
        if (!gone) throw new NotFound('Passkey');
        if (!(await r.isEnabled(userId))) await r.deleteRecoveryCodes(userId);
        return gone;
      });
    },

    async authenticationOptions(userId: string, purpose: PasskeyPurpose) {
      const keys = await repo.listPasskeys(userId);
      if (!keys.length) throw new Conflict('This account has no passkey.', 'no_passkey');
      const options = await generateAuthenticationOptions({
        rpID,
        allowCredentials: keys.map((p) => ({ id: p.credentialId, transports: transportsOf(p) })),
        userVerification: 'preferred',
        timeout: CHALLENGE_TTL_MS,
      });
      await repo.putChallenge(userId, ceremonyOf(purpose), options.challenge, expiry());
      return options;
    },

    /**
     * The passkey the response proves against the pending challenge (and whether its authenticator
     * verified the user: PIN, biometrics), or undefined if it proves none.
     */
    async authenticate(
      userId: string,
      response: AuthenticationResponseJSON,
      purpose: PasskeyPurpose,
    ): Promise<(PasskeyRow & { userVerified: boolean }) | undefined> {
      const expectedChallenge = await repo.takeChallenge(userId, ceremonyOf(purpose), now());
      if (!expectedChallenge) return undefined;
      const key = await repo.findPasskeyByCredentialId(userId, response.id);
      if (!key) return undefined;
      const verification = await verifyAuthenticationResponse({
        response,
        expectedChallenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        credential: {
          id: key.credentialId,
          publicKey: new Uint8Array(Buffer.from(key.publicKey, 'base64url')),
          counter: key.counter,
          transports: transportsOf(key),
        },
        requireUserVerification: false,
      }).catch(() => undefined);
      if (!verification?.verified) return undefined;
      const { newCounter, userVerified } = verification.authenticationInfo;
      await repo.recordPasskeyUse(userId, key.id, newCounter, now());
      return { ...key, userVerified };
    },
  };
}
export type PasskeysService = ReturnType<typeof createPasskeysService>;
