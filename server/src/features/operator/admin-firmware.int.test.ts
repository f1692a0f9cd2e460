import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { deviceCall, makeUnit, pairUnit, syncKey } from '../devices/devices.test-support';
import { auditActions } from '../second-factor/second-factor.test-support';
import { createStaffMember } from './operator.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const sha = 'c0ffee'.padEnd(64, '0');
const version = (v: string, more: Record<string, unknown> = {}) => ({
  model: 'vb-thermo',
  version: v,
  notes: `Release ${v}.`,
  fileUrl: `https://firmware.example.test/vb-thermo/${v}.bin`,
  sha256: sha,
  ...more,
});

describe('firmware versions per model (issue #16)', () => {
  it('an operator admin publishes, lists and marks required; each change audited', async () => {
    const admin = await createStaffMember(t, ['operator_admin']);
    const published = await admin.client.post('/api/admin/firmware', version('1.1.0'));
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json()).toMatchObject({
      model: 'vb-thermo',
      version: '1.1.0',
      required: false,
      sha256: sha,
    });
    // The same version again is a conflict: a published version is never rewritten.
    const again = await admin.client.post('/api/admin/firmware', version('1.1.0'));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('firmware_version_exists');

    const list = await admin.client.get('/api/admin/firmware?model=vb-thermo');
    expect(list.statusCode).toBe(200);
    expect(list.json().models).toHaveLength(1);
    expect(list.json().models[0].versions.map((v: { version: string }) => v.version)).toEqual([
      '1.1.0',
      '1.0.0',
    ]);
    expect((await admin.client.get('/api/admin/firmware')).json().models.length).toBeGreaterThan(1);

    const required = await admin.client.post('/api/admin/firmware/vb-thermo/1.1.0/require', {});
    expect(required.statusCode, required.body).toBe(200);
    expect(required.json().required).toBe(true);
    expect(await auditActions(t, admin.user.id)).toEqual(
      expect.arrayContaining(['staff_firmware_published', 'staff_firmware_required']),
    );
  });

  it('refuses bad input with a 4xx naming the problem, and an unknown model or version with 404', async () => {
    const admin = await createStaffMember(t, ['operator_admin']);
    for (const bad of [
      version('not-a-version'),
      version('2.0.0', { sha256: 'abc' }),
      version('2.0.0', { fileUrl: 'ftp://firmware.example.test/x.bin' }),
      version('2.0.0', { fileUrl: 'http://firmware.example.test/x.bin' }),
      version('2.0.0', { required: 'yes' }),
      version('2.0.0', { extra: 1 }),
      { model: 'vb-thermo' },
    ]) {
      const res = await admin.client.post('/api/admin/firmware', bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
    }
    expect(
      (await admin.client.post('/api/admin/firmware', version('2.0.0', { model: 'vb-nope' }))).statusCode,
    ).toBe(404);
    expect((await admin.client.get('/api/admin/firmware?model=vb-nope')).statusCode).toBe(404);
    expect((await admin.client.post('/api/admin/firmware/vb-thermo/9.9.9/require', {})).statusCode).toBe(404);
    expect((await admin.client.post('/api/admin/firmware/vb-thermo/x.y/require', {})).statusCode).toBe(400);
  });

  it('only an operator admin (with a second factor) reaches it', async () => {
    for (const role of ['support', 'privacy_officer', 'security'] as const) {
      const other = await createStaffMember(t, [role]);
      expect((await other.client.get('/api/admin/firmware')).statusCode).toBe(403);
      expect((await other.client.post('/api/admin/firmware', version('3.0.0'))).statusCode).toBe(403);
    }
    const plain = await createTestUser(t);
    expect((await plain.client.get('/api/admin/firmware')).json().error.code).toBe('staff_role_required');
    const noFactor = await createStaffMember(t, ['operator_admin'], { secondFactor: false });
    expect((await noFactor.client.get('/api/admin/firmware')).json().error.code).toBe(
      'staff_second_factor_required',
    );
    expect((await t.client().get('/api/admin/firmware')).statusCode).toBe(401);
  });

  it("offers a device the newest version with a file, keeps its data, and shows a required update on the owner's page", async () => {
    const admin = await createStaffMember(t, ['operator_admin']);
    const air = (v: string) =>
      version(v, { model: 'vb-air', fileUrl: `https://firmware.example.test/vb-air/${v}.bin` });
    expect((await admin.client.post('/api/admin/firmware', air('1.2.0'))).statusCode).toBe(201);
    const owner = await createTestUser(t);
    const device = await pairUnit(owner.client, await makeUnit(t, 'vb-air', '1.0.0'));
    let minutes = 0;
    const reading = () => ({
      kind: 'reading',
      takenAt: new Date(t.clock.now().getTime() - ++minutes * 60_000).toISOString(),
      measures: [{ metric: 'co2', value: 600, unit: 'ppm' }],
    });
    const sync = () =>
      deviceCall(
        t,
        device.credential,
        '/api/device/sync',
        { device: { firmware: '1.0.0' }, items: [reading()] },
        syncKey(),
      );

    const first = await sync();
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().firmware).toMatchObject({
      current: '1.0.0',
      latest: '1.2.0',
      updateRequired: false,
      offer: {
        version: '1.2.0',
        url: 'https://firmware.example.test/vb-air/1.2.0.bin',
        sha256: sha,
        required: false,
      },
    });
    const page = async () =>
      (await owner.client.get('/api/devices')).json().find((d: { id: string }) => d.id === device.id)
        .firmware;
    expect((await page()).updateRequired).toBe(false);

    // The operator marks 1.2.0 required: the device is below it.
    expect((await admin.client.post('/api/admin/firmware/vb-air/1.2.0/require', {})).statusCode).toBe(200);
    const second = await sync();
    expect(second.statusCode).toBe(200);
    expect(second.json().summary).toMatchObject({ stored: 1, rejected: 0 });
    expect(second.json().firmware).toMatchObject({
      minimum: '1.2.0',
      updateRequired: true,
      offer: { version: '1.2.0', required: true },
    });
    expect(await page()).toMatchObject({ updateRequired: true, latest: '1.2.0' });

    // Updated: nothing more to fetch.
    const updated = await deviceCall(
      t,
      device.credential,
      '/api/device/sync',
      { device: { firmware: '1.2.0' }, items: [] },
      syncKey(),
    );
    expect(updated.json().firmware).toMatchObject({ updateRequired: false, offer: null });
    expect((await page()).updateRequired).toBe(false);
  });
});
