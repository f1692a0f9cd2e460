import type { ClinicPatient } from '@vitalbase/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { countStatements } from '../../test/statement-counter';
import { accessUsersData } from '../access-log';
import { ago, createClinic, enrolPatient, joinStaff } from './clinics.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

async function bp(client: ApiClient, systolic: number, diastolic: number) {
  const res = await client.post('/api/health-data/readings', {
    takenAt: ago(t, 0.1),
    measures: [
      { metric: 'systolic_bp', value: systolic, unit: 'mmHg' },
      { metric: 'diastolic_bp', value: diastolic, unit: 'mmHg' },
      { metric: 'heart_rate', value: 64, unit: 'bpm' },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
}

type Row = ClinicPatient;
async function page(staff: ApiClient, clinicId: string, query: string) {
  const res = await staff.get(`/api/clinics/${clinicId}/patients?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { patients: Row[]; next: string | null };
}

/** Every page of a list, following the cursor. */
async function all(staff: ApiClient, clinicId: string, query: string) {
  const rows: Row[] = [];
  let cursor: string | null = null;
  do {
    const p = await page(staff, clinicId, `${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    rows.push(...p.patients);
    cursor = p.next;
  } while (cursor);
  return rows;
}

describe('the patient list: programme metrics, alerts, adherence; sort, filter, search, pages', () => {
  it('sorts and filters across pages without repeating or skipping a patient', async () => {
    const { clinic, admin } = await createClinic(t, 'List Clinic');
    const coordinator = await joinStaff(t, clinic.id, admin.client, 'care_coordinator');
    const names = ['Zoé Martin', 'Adèle Durand', 'Marc Petit', 'Lina Bernard', 'Hugo Moreau'];
    const patients = [];
    for (const displayName of names) {
      const u = await createTestUser(t, { displayName });
      patients.push(await enrolPatient(t, clinic.id, admin.client, ['blood_pressure'], u));
    }
    const [zoe, adele, marc] = patients;
    await bp(zoe!.client, 185, 100); // urgent
    await bp(adele!.client, 150, 85); // high
    await bp(marc!.client, 120, 80); // in range

    const byName = await all(coordinator.client, clinic.id, 'sort=name');
    expect(byName.map((p) => p.displayName)).toEqual([...names].sort());
    const byEnrolment = await all(coordinator.client, clinic.id, 'sort=enrolled');
    expect(byEnrolment.map((p) => p.displayName)).toEqual([...names].reverse());

    // Worst alert first; the blood pressure is one reading's two values, heart rate is not a programme metric.
    const byAlerts = await all(coordinator.client, clinic.id, 'sort=alerts');
    expect(byAlerts.slice(0, 2).map((p) => [p.displayName, p.worstSeverity, p.openAlerts])).toEqual([
      ['Zoé Martin', 'urgent', 1],
      ['Adèle Durand', 'high', 1],
    ]);
    expect(byAlerts).toHaveLength(5);
    expect(
      byAlerts[0]?.latest.map((l: { metric: string; value: number }) => [l.metric, l.value]).sort(),
    ).toEqual([
      ['diastolic_bp', 100],
      ['systolic_bp', 185],
    ]);
    const withAlerts = await all(coordinator.client, clinic.id, 'filter=alerts&sort=name');
    expect(withAlerts.map((p) => p.displayName)).toEqual(['Adèle Durand', 'Zoé Martin']);

    // Fewest days with data first; each row carries its period.
    const byAdherence = await all(coordinator.client, clinic.id, 'sort=adherence');
    expect(byAdherence.slice(-3).every((p) => p.adherence.daysWithData === 1)).toBe(true);
    expect(byAdherence[0]).toMatchObject({
      adherence: { daysWithData: 0, day: 1, required: 16, warning: false },
    });
    expect((await page(coordinator.client, clinic.id, 'filter=not_adherent')).patients).toEqual([]);

    const found = await page(coordinator.client, clinic.id, 'search=petit&sort=alerts');
    expect(found.patients.map((p) => p.displayName)).toEqual(['Marc Petit']);

    // A cursor belongs to its order: another order's cursor is refused, not misread.
    const first = await page(coordinator.client, clinic.id, 'sort=name&limit=2');
    const mixed = await coordinator.client.get(
      `/api/clinics/${clinic.id}/patients?sort=alerts&cursor=${first.next}`,
    );
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().error.code).toBe('invalid_cursor');
    // A forged key of the wrong type for its order: 400, never reaching SQL.
    const forged = Buffer.from(JSON.stringify({ s: 'alerts', k: 'abc', id: zoe!.user.id })).toString(
      'base64url',
    );
    const refused = await coordinator.client.get(
      `/api/clinics/${clinic.id}/patients?sort=alerts&cursor=${forged}`,
    );
    expect(refused.statusCode).toBe(400);
    const badSort = await coordinator.client.get(`/api/clinics/${clinic.id}/patients?sort=age`);
    expect(badSort.statusCode).toBe(400);
  });

  it('shows neither another clinic’s patients nor a patient who stopped sharing', async () => {
    const a = await createClinic(t, 'Clinic A');
    const b = await createClinic(t, 'Clinic B');
    const staffA = await joinStaff(t, a.clinic.id, a.admin.client, 'clinician');
    const patientB = await enrolPatient(t, b.clinic.id, b.admin.client, ['blood_pressure']);
    const leaving = await enrolPatient(t, a.clinic.id, a.admin.client, ['blood_pressure']);
    await bp(patientB.client, 190, 125);
    await bp(leaving.client, 190, 125);

    // Clinic A's staff: clinic B's patient is unknown, in the list and on the patient page.
    expect(
      (await staffA.client.get(`/api/clinics/${a.clinic.id}/patients/${patientB.user.id}`)).statusCode,
    ).toBe(404);
    expect((await staffA.client.get(`/api/clinics/${b.clinic.id}/patients?filter=alerts`)).statusCode).toBe(
      404,
    );
    let rows = await all(staffA.client, a.clinic.id, 'sort=alerts');
    expect(rows.map((p) => p.userId)).toEqual([leaving.user.id]);

    // Stopped sharing: gone from the list, its page 404.
    expect((await leaving.client.delete(`/api/me/clinics/${a.clinic.id}`)).statusCode).toBe(204);
    rows = await all(staffA.client, a.clinic.id, 'filter=alerts');
    expect(rows).toEqual([]);
    expect(
      (await staffA.client.get(`/api/clinics/${a.clinic.id}/patients/${leaving.user.id}`)).statusCode,
    ).toBe(404);

    // The list read is in the patient's access log, naming what it showed.
    const log = (await patientB.client.get('/api/me/access-log')).json();
    expect(JSON.stringify(log)).not.toContain('Clinic A');
  });

  it('checks a page of patients in a few statements, whatever its size, and refuses it whole if one is not shared', async () => {
    const { clinic, admin } = await createClinic(t, 'Budget Clinic');
    const patients = [];
    for (let i = 0; i < 6; i++)
      patients.push(await enrolPatient(t, clinic.id, admin.client, ['blood_pressure']));
    for (const p of patients) await bp(p.client, 150, 85);
    const url = `/api/clinics/${clinic.id}/patients?sort=alerts`;
    const small = await countStatements(t.database, () => admin.client.get(`${url}&limit=2`));
    const large = await countStatements(t.database, () => admin.client.get(`${url}&limit=6`));
    expect(large.result.json().patients).toHaveLength(6);
    // The same statements for 2 or 6 patients (the access check is not per patient).
    expect(large.statements.length).toBe(small.statements.length);
    expect(large.statements.length).toBeLessThanOrEqual(12);

    const stranger = await createTestUser(t);
    const actor = { type: 'clinician' as const, id: `${clinic.id}:${admin.user.id}`, name: 'x' };
    const read = (ids: string[]) =>
      accessUsersData(
        t.app.ctx,
        ids.map((userId) => ({ actor, userId, purpose: 'test', what: ['readings:blood_pressure'] })),
        async () => 'read',
      );
    expect(await read(patients.map((p) => p.user.id))).toBe('read');
    await expect(read([patients[0]!.user.id, stranger.user.id])).rejects.toMatchObject({ statusCode: 404 });
    await expect(
      accessUsersData(
        t.app.ctx,
        [{ actor, userId: patients[0]!.user.id, purpose: 'test', what: ['readings:weight'] }],
        async () => 'read',
      ),
    ).rejects.toMatchObject({ statusCode: 404 });
  });
});
