import { type ClinicPatient, monitoredMetricApplies, type MonitoredMetric } from '@vitalbase/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createTestApp, type TestApp, type TestUser } from '../../test/harness';
import type { StaffActor } from './clinic-access';
import { createEnrolmentsRepo } from './clinics.repo';
import { raiseNoTransmissionAlerts } from './clinics.jobs';
import { ago, createClinic, enrolPatient, joinStaff } from './clinics.test-support';
import { createMonitoringService } from './monitoring.service';
import { createPatientsService } from './patients.service';
import { rowsOf } from './transmissions.repo';

// The list's figures kept on the enrolment row (clinics.schema.ts, migration 0011) against a
// recount from clinic_alerts and clinic_transmission_days, after random sequences of what changes
// them: readings in and out of range (new episodes, worse ones, ends), acknowledgements,
// resolutions, days passing with the "no transmission" job, and sharing stopped and given again with
// other categories. Seeded, so a failure replays. Staff act through the services (the clock runs
// days ahead, past a staff session's second-factor window); patients write over HTTP (the hook).

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const DAY = 24 * 3600_000;
const severities = [null, 'info', 'high', 'urgent'] as const;

/** mulberry32: a small seeded generator. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

interface Kept {
  userId: string;
  categories: string[];
  openAlerts: number;
  worstRank: number;
  alertOrder: number;
  periodStart: string | null;
  periodDays: number;
  lastDay: string | null;
}

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await t.database.db.execute(query));
}

/** Every active enrolment's kept figures equal a recount in JS from the rows they summarise. */
async function expectKeptFiguresRecounted(clinicId: string, staff: StaffActor) {
  const kept = await rows<Kept>(sql`
    select user_id as "userId", categories, open_alerts as "openAlerts", worst_rank as "worstRank",
      alert_order as "alertOrder", period_start::text as "periodStart", period_days as "periodDays",
      last_day::text as "lastDay"
    from clinic_enrolments where clinic_id = ${clinicId}::uuid and stopped_at is null`);
  const alerts = await rows<{ userId: string; metric: MonitoredMetric; severity: string; state: string }>(sql`
    select user_id as "userId", metric, severity, state from clinic_alerts where clinic_id = ${clinicId}::uuid`);
  const days = await rows<{ userId: string; day: string }>(sql`
    select user_id as "userId", day::text as day from clinic_transmission_days where clinic_id = ${clinicId}::uuid`);
  const page = await createPatientsService(t.app.ctx).list(staff, {
    sort: 'alerts',
    filter: 'all',
    limit: 100,
  });
  const listed: ClinicPatient[] = page.patients;
  expect(listed).toHaveLength(kept.length);

  for (const k of kept) {
    const open = alerts.filter(
      (a) =>
        a.userId === k.userId && a.state !== 'resolved' && monitoredMetricApplies(a.metric, k.categories),
    );
    const rank = Math.max(0, ...open.map((a) => severities.indexOf(a.severity as 'info')));
    expect({ open: k.openAlerts, rank: k.worstRank }, k.userId).toEqual({ open: open.length, rank });
    expect(k.alertOrder).toBe(rank * 100000 + open.length);
    const own = days.filter((d) => d.userId === k.userId).map((d) => d.day);
    expect(k.lastDay).toBe(own.length ? own.sort().at(-1) : null);
    if (k.periodStart) {
      const end = new Date(Date.parse(k.periodStart) + 29 * DAY).toISOString().slice(0, 10);
      expect(k.periodDays).toBe(own.filter((d) => d >= k.periodStart! && d <= end).length);
    }
    // What the list shows, from the same recount (the adherence period is core's, from the enrolment).
    const p = listed.find((x) => x.userId === k.userId)!;
    const today = new Date(Date.parse(p.adherence.periodStart) + (p.adherence.day - 1) * DAY)
      .toISOString()
      .slice(0, 10);
    expect(p).toMatchObject({
      openAlerts: open.length,
      worstSeverity: severities[rank],
      lastTransmissionDay: k.lastDay,
      adherence: { daysWithData: own.filter((d) => d >= p.adherence.periodStart && d <= today).length },
    });
  }
  // Sorted by the kept key, worst first.
  const order = listed.map((p) => severities.indexOf(p.worstSeverity ?? null) * 100000 + p.openAlerts);
  expect(order).toEqual([...order].sort((a, b) => b - a));
}

describe('the list figures kept on the enrolment row', () => {
  it('equal a recount from the alerts and transmission days after random sequences', async () => {
    const { clinic, admin } = await createClinic(t);
    const clinician = await joinStaff(t, clinic.id, admin.client, 'clinician');
    const staff: StaffActor = {
      userId: clinician.user.id,
      displayName: 'Clinician',
      role: 'clinician',
      clinic,
    };
    const monitoring = createMonitoringService(t.app.ctx);
    const shares = [['blood_pressure'], ['blood_pressure', 'weight'], ['weight']];
    const patients: Array<{ user: TestUser; categories: string[] }> = [];
    for (const categories of shares) {
      patients.push({ user: await enrolPatient(t, clinic.id, clinician.client, categories), categories });
    }
    const next = random(15);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    let minute = 0;
    const post = async (client: ApiClient, measures: object[]) => {
      const res = await client.post('/api/health-data/readings', {
        takenAt: ago(t, 2 - ++minute / 600),
        measures,
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    const steps: string[] = [];
    for (let step = 0; step < 60; step++) {
      const p = pick(patients);
      const op = pick(['bp', 'bp', 'bp', 'weight', 'ack', 'resolve', 'days', 'reshare']);
      steps.push(op);
      if (op === 'bp') {
        const [sys, dia] = pick([
          [120, 80],
          [150, 88],
          [186, 112],
        ]);
        await post(p.user.client, [
          { metric: 'systolic_bp', value: sys, unit: 'mmHg' },
          { metric: 'diastolic_bp', value: dia, unit: 'mmHg' },
        ]);
      } else if (op === 'weight') {
        await post(p.user.client, [{ metric: 'weight', value: pick([80, 80.5, 83, 86]), unit: 'kg' }]);
      } else if (op === 'ack' || op === 'resolve') {
        const { alerts } = await monitoring.queue(staff, { state: 'active', limit: 100 });
        if (!alerts.length) continue;
        const a = pick(alerts);
        if (op === 'ack') await monitoring.acknowledge(staff, a.patientId, a.id);
        else await monitoring.resolve(staff, a.patientId, a.id, 'Called the patient.');
      } else if (op === 'days') {
        t.clock.advance(Math.ceil(next() * 9) * DAY);
        minute = 0;
        await raiseNoTransmissionAlerts(t.app.ctx);
      } else {
        const stop = await p.user.client.delete(`/api/me/clinics/${clinic.id}`);
        expect(stop.statusCode, stop.body).toBe(204);
        p.categories = pick(shares.filter((x) => x !== p.categories));
        // Shared again with other categories, as an accepted invitation does (invitations.service.ts).
        const now = t.clock.now();
        await createEnrolmentsRepo(t.database.db).upsert({
          userId: p.user.user.id,
          clinicId: clinic.id,
          categories: p.categories,
          termsVersion: 1,
          wordingVersion: 1,
          acceptedBy: 'patient',
          enrolledAt: now,
          updatedAt: now,
        });
      }
      await expectKeptFiguresRecounted(clinic.id, staff);
    }
    // The sequence reached every kind of change (a seed that skipped one would prove less).
    expect(new Set(steps)).toEqual(new Set(['bp', 'weight', 'ack', 'resolve', 'days', 'reshare']));
  }, 120_000); // 60 steps with a recount each: ~10 s on an idle machine
});
