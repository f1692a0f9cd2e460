import { type AppContext, createAppContext, type Database, loadConfig } from '@vitalbase/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUsersRepo } from '../../../server/src/features/accounts/users.repo';
import { clinicStaff } from '../../../server/src/features/clinics/clinics.schema';
import { createTestDatabase } from '../../../server/src/test/database';
import { hashClaimCode } from '../../../server/src/features/devices/device-credential';
import { createDevicesRepo } from '../../../server/src/features/devices/devices.repo';
import { clinicAddDevice, clinicBackendClient, clinicCreate } from './clinic';
import { userCreate } from './user';

let database: Database;
let ctx: AppContext;
beforeAll(async () => {
  database = await createTestDatabase();
  ctx = createAppContext({ config: loadConfig({ LOG_LEVEL: 'silent' }), database });
});
afterAll(() => database?.close());

describe('vitalbase clinic create', () => {
  it('makes an existing account the administrator, or mails an invitation to a new address', async () => {
    const lines: string[] = [];
    const print = (l: string) => lines.push(l);
    await userCreate(
      ctx,
      { email: 'dr.admin@example.test', name: 'Dr Admin', birthDate: '1970-01-01', country: 'FR' },
      () => {},
    );
    const admin = await createUsersRepo(database.db).findByEmail('dr.admin@example.test');
    const made = await clinicCreate(ctx, { name: 'Clinique Sud', admin: 'dr.admin@example.test' }, print);
    expect(made.admin).toBe('added');
    const staff = await database.db.select().from(clinicStaff);
    expect(staff).toEqual([
      expect.objectContaining({ userId: admin?.id, clinicId: made.id, role: 'clinic_admin' }),
    ]);
    const invited = await clinicCreate(
      ctx,
      { name: 'Clinique Nord', admin: 'nobody-yet@example.test' },
      print,
    );
    expect(invited.admin).toBe('invited');
    expect(lines.join('\n')).toContain('invitation was mailed');
    await expect(clinicCreate(ctx, { name: 'X', admin: 'not-an-email' }, print)).rejects.toThrow(/name/);
  });
});

describe('vitalbase clinic add-device', () => {
  it('adds a unit to the stock with its claim code; refuses a wrong code, a unit in stock, an unknown clinic', async () => {
    const lines: string[] = [];
    const print = (l: string) => lines.push(l);
    await createDevicesRepo(database.db).insertUnit({
      serial: 'CLI-BPM-1',
      mac: '020000000042',
      modelId: 'vb-bpm',
      claimCodeHash: await hashClaimCode('AB12CD'),
      factoryFirmware: '1.0.0',
    });
    const clinic = await clinicCreate(ctx, { name: 'Clinique Est', admin: 'est-admin@example.test' }, print);
    const unit = { clinic: clinic.id, serial: 'CLI-BPM-1', claimCode: 'AB12CD', cellular: true };
    await expect(clinicAddDevice(ctx, { ...unit, claimCode: 'ZZZZZZ' }, print)).rejects.toThrow(/claim code/);
    await expect(
      clinicAddDevice(ctx, { ...unit, clinic: '00000000-0000-4000-8000-000000000000' }, print),
    ).rejects.toThrow(/not found/i);
    const added = await clinicAddDevice(ctx, unit, print);
    expect(added).toMatchObject({ state: 'in_stock', serial: 'CLI-BPM-1', cellular: true });
    expect(lines.at(-1)).toContain('added CLI-BPM-1');
    await expect(clinicAddDevice(ctx, unit, print)).rejects.toThrow(/already in a clinic/);
  });
});

describe('vitalbase clinic backend-client', () => {
  it('registers the EHR’s public keys from a file, keeps the client id on rotation, refuses a private key', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'vb-jwks-'));
    const lines: string[] = [];
    const print = (l: string) => lines.push(l);
    const clinic = await clinicCreate(
      ctx,
      { name: 'Clinique Ouest', admin: 'ouest-admin@example.test' },
      print,
    );
    const keyFile = async (name: string, withPrivate = false) => {
      const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
      const jwk = (withPrivate ? privateKey : publicKey).export({ format: 'jwk' });
      const path = join(dir, name);
      await writeFile(path, JSON.stringify({ keys: [{ ...jwk, kid: name, alg: 'ES384' }] }));
      return path;
    };
    const first = await clinicBackendClient(ctx, { clinic: clinic.id, jwksFile: await keyFile('k1') }, print);
    expect(first.keyIds).toEqual(['k1']);
    const rotated = await clinicBackendClient(
      ctx,
      { clinic: clinic.id, jwksFile: await keyFile('k2') },
      print,
    );
    expect(rotated).toMatchObject({ clientId: first.clientId, keyIds: ['k2'] });
    await expect(
      clinicBackendClient(ctx, { clinic: clinic.id, jwksFile: await keyFile('k3', true) }, print),
    ).rejects.toThrow(/public keys only/);
    expect(lines.join('\n')).toContain(`/fhir/R4/Group/${clinic.id}`);
    // --jwks-url: one of the two, and the URL's rules apply (plain http only on loopback in dev).
    await expect(clinicBackendClient(ctx, { clinic: clinic.id }, print)).rejects.toThrow(/--jwks-url/);
    await expect(
      clinicBackendClient(ctx, { clinic: clinic.id, jwksUrl: 'http://127.0.0.1:9/jwks.json' }, print),
    ).rejects.toThrow(/must use https/);
  });
});
