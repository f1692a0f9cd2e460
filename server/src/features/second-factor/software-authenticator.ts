import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { Encoder } from 'cbor-x';

/**
 * A WebAuthn authenticator in software, for tests: an ES256 (P-256) key pair per credential, an
 * attestation object with fmt 'none', and assertions signed as a security key signs them. It answers
 * with the JSON shapes browsers (and @simplewebauthn/browser) send.
 */
const cbor = new Encoder({ mapsAsObjects: false, useRecords: false, tagUint8Array: false });

const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_CREDENTIAL = 0x40;

const b64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest();

interface Credential {
  id: Buffer;
  privateKey: KeyObject;
  publicKey: KeyObject;
  rpId: string;
  signCount: number;
}

export interface RegistrationOptionsJson {
  challenge: string;
  rp: { id?: string; name: string };
}
export interface AuthenticationOptionsJson {
  challenge: string;
  rpId?: string;
  allowCredentials?: { id: string }[];
}

export class SoftwareAuthenticator {
  private credentials: Credential[] = [];

  constructor(readonly origin: string) {}

  /** The credential ids this authenticator holds (base64url), as the server will know them. */
  get credentialIds(): string[] {
    return this.credentials.map((c) => b64url(c.id));
  }

  /** navigator.credentials.create(): a new credential answering the server's registration options. */
  register(options: RegistrationOptionsJson, overrides: { origin?: string; challenge?: string } = {}) {
    const rpId = options.rp.id ?? new URL(this.origin).hostname;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const credential: Credential = { id: randomBytes(16), privateKey, publicKey, rpId, signCount: 0 };
    this.credentials.push(credential);

    const jwk = publicKey.export({ format: 'jwk' });
    // COSE_Key for ES256: kty EC2 (2), alg ES256 (-7), crv P-256 (1), x, y.
    const coseKey = new Map<number, number | Buffer>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credential.id.length);
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([FLAG_USER_PRESENT | FLAG_USER_VERIFIED | FLAG_ATTESTED_CREDENTIAL]),
      this.counterBytes(credential),
      Buffer.alloc(16), // AAGUID: none
      idLength,
      credential.id,
      cbor.encode(coseKey),
    ]);
    const attestationObject = cbor.encode(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    const clientDataJSON = this.clientData(
      'webauthn.create',
      overrides.challenge ?? options.challenge,
      overrides.origin,
    );
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key' as const,
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
    };
  }

  /** navigator.credentials.get(): an assertion by the first held credential the server allows. */
  authenticate(
    options: AuthenticationOptionsJson,
    overrides: {
      origin?: string;
      challenge?: string;
      credentialId?: string;
      tamper?: boolean;
      /** false: a security key without PIN or biometrics (user present, not verified). */
      userVerified?: boolean;
    } = {},
  ) {
    const allowed = new Set(options.allowCredentials?.map((c) => c.id));
    const credential = this.credentials.find((c) =>
      overrides.credentialId
        ? b64url(c.id) === overrides.credentialId
        : !allowed.size || allowed.has(b64url(c.id)),
    );
    if (!credential) throw new Error('the authenticator holds no credential the server allows');
    credential.signCount += 1;
    const authenticatorData = Buffer.concat([
      sha256(options.rpId ?? credential.rpId),
      Buffer.from([FLAG_USER_PRESENT | (overrides.userVerified === false ? 0 : FLAG_USER_VERIFIED)]),
      this.counterBytes(credential),
    ]);
    const clientDataJSON = this.clientData(
      'webauthn.get',
      overrides.challenge ?? options.challenge,
      overrides.origin,
    );
    const signature = sign(
      'sha256',
      Buffer.concat([authenticatorData, sha256(clientDataJSON)]),
      credential.privateKey,
    );
    if (overrides.tamper) signature[signature.length - 1]! ^= 0xff;
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key' as const,
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authenticatorData),
        signature: b64url(signature),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
    };
  }

  private counterBytes(credential: Credential): Buffer {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(credential.signCount);
    return b;
  }

  private clientData(type: string, challenge: string, origin = this.origin): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }
}
