import { roleMay, thresholdPresets } from '@vitalbase/core';
import { defineJob } from '../../jobs/job';
import type { AppContext } from '../../lib/context';
import { createUsersRepo } from '../accounts';
import { clinicMailsIn } from './clinic-mail';
import { createClinicsRepo } from './clinics.repo';
import { createMonitoringRepo } from './monitoring.repo';
import { createTransmissionsRepo } from './transmissions.repo';
import { recordEscalationEvent } from './escalation.service';

/**
 * Escalation (issue #15): an urgent alert still open (not acknowledged) `escalation_minutes` after it
 * was raised is mailed to the clinic's administrators and clinicians, once (`escalated_at`). Marking
 * and mailing share a transaction, so a failed mail leaves the alert to the next run. Late readings
 * never raise urgent alerts, so they never escalate. A clinic with a webhook also gets one signed
 * event per alert (escalation.service.ts), through the webhooks outbox written in the same
 * transaction. Returns how many alerts were escalated.
 */
export async function escalateUrgentAlerts(ctx: AppContext): Promise<number> {
  const db = ctx.database.db;
  const now = ctx.now();
  let escalated = 0;
  for (const clinic of await createMonitoringRepo(db).clinicsForEscalation()) {
    const cutoff = new Date(now.getTime() - clinic.minutes * 60_000);
    escalated += await db.transaction(async (tx) => {
      const due = await createMonitoringRepo(tx).takeDueEscalations(clinic.id, cutoff, now, tx);
      if (!due.length) return 0;
      const staff = await createClinicsRepo(tx).staffOf(clinic.id, tx);
      const users = createUsersRepo(tx);
      for (const s of staff.filter((m) => roleMay(m.role, 'thresholds'))) {
        // Each in their own language (a clinic's staff is a handful of accounts).
        const mail = clinicMailsIn((await users.findById(s.userId))?.locale).alertEscalation(
          clinic.name,
          due.length,
          clinic.minutes,
          `${ctx.config.publicUrl}/clinics/${clinic.id}/alerts`,
        );
        await ctx.mailer.send({ userId: s.userId, to: s.email, kind: 'clinic-alert-escalation', ...mail });
      }
      // ... and each alert to the clinic's own systems, signed, when it set a webhook.
      for (const alert of due) await recordEscalationEvent(tx, clinic, alert, now);
      return due.length;
    });
  }
  return escalated;
}

/**
 * "No transmission for N days" (issue #15): a `high` alert for each enrolled patient whose full
 * calendar days without data reached their threshold, one per episode (ended when data arrives, in
 * the write's transaction). Days are whole, so hourly is enough: an alert comes within the hour after
 * the patient's midnight. One statement over the active enrolments, one index probe each.
 */
export function raiseNoTransmissionAlerts(ctx: AppContext): Promise<number> {
  const days = thresholdPresets.no_transmission.days;
  return createTransmissionsRepo(ctx.database.db).openNoTransmissionEpisodes(ctx.now(), days);
}

/** Every minute and at every start: the check is idempotent, a run after downtime catches up. */
export const clinicJobs = [
  defineJob({
    name: 'clinics.escalate-urgent-alerts',
    cron: '* * * * *',
    run: (ctx) => escalateUrgentAlerts(ctx),
  }),
  defineJob({
    name: 'clinics.no-transmission-alerts',
    cron: '0 * * * *',
    run: (ctx) => raiseNoTransmissionAlerts(ctx),
  }),
];
