import { describe, expect, it } from 'vitest';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';

/** Reads m, t and p back from the PHC string the hash is stored as: what is stored, not what we meant. */
function parametersOf(hash: string) {
  const match = /^\$(argon2id)\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(hash);
  if (!match) throw new Error(`not an argon2 PHC string: ${hash.slice(0, 20)}`);
  return {
    algorithm: match[1],
    memoryKiB: Number(match[3]),
    passes: Number(match[4]),
    lanes: Number(match[5]),
  };
}

describe('password hashing', () => {
  it('uses argon2id with m >= 19 MiB, t >= 2, p = 1', async () => {
    const params = parametersOf(await hashPassword('Velvet-Harbor-Quiet-42'));
    expect(params.algorithm).toBe('argon2id');
    expect(params.memoryKiB).toBeGreaterThanOrEqual(19 * 1024);
    expect(params.passes).toBeGreaterThanOrEqual(2);
    expect(params.lanes).toBe(1);
  });

  it('verifies the right password only, and salts every hash', async () => {
    const a = await hashPassword('Velvet-Harbor-Quiet-42');
    const b = await hashPassword('Velvet-Harbor-Quiet-42');
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'Velvet-Harbor-Quiet-42')).toBe(true);
    expect(await verifyPassword(a, 'Velvet-Harbor-Quiet-43')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it('keeps a dummy hash with the same parameters, for the same timing on unknown emails', async () => {
    expect(parametersOf(await dummyPasswordHash())).toEqual(parametersOf(await hashPassword('x')));
  });
});
