import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { users } from '../accounts';
import { createClinic } from './clinics.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('clinic invitations in the language of whoever reads them', () => {
  it("an address without an account: the inviter's language; an account: its own", async () => {
    const { clinic, admin } = await createClinic(t, 'Clinique des Lilas');
    await t.database.db.update(users).set({ locale: 'fr' }).where(eq(users.id, admin.user.id));

    const stranger = `new-${Date.now()}@example.test`;
    const staff = await admin.client.post(`/api/clinics/${clinic.id}/staff/invitations`, {
      email: stranger,
      role: 'care_coordinator',
    });
    expect(staff.statusCode, staff.body).toBe(201);
    const mail = await t.smtp.waitFor(stranger, {
      subject: /Vous êtes invité à rejoindre Clinique des Lilas/,
    });
    expect(mail.text).toContain('en tant que coordinateur de soins');
    expect(mail.text).toMatch(/Code d’invitation\u00a0: [0-9A-Z-]{19}/);
    expect(new URL(t.smtp.linkIn(mail)).pathname).toBe('/clinic-invitation');

    // An English account invited by the same French admin reads English.
    const patient = await createTestUser(t, { locale: 'en' });
    const invited = await admin.client.post(`/api/clinics/${clinic.id}/patient-invitations`, {
      email: patient.user.email,
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const theirs = await t.smtp.waitFor(patient.user.email, {
      subject: /invites you to share your readings/,
    });
    expect(theirs.text).toContain('Enrolment code:');
  });
});
