import { type AlertAssignees, CLINIC_ALERT_ESCALATED, type ClinicWebhook, roleMay } from '@vitalbase/core';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../lib/context';
import { Invalid } from '../../lib/errors';
import { callbackUrlProblem, newWebhookSecret, recordTargetEvent, type WebhookEndpoint } from '../webhooks';
import type { StaffActor } from './clinic-access';
import { type ClinicRow, createClinicsRepo } from './clinics.repo';

/** A clinic's deliveries are named `clinic:<id>` in the webhooks outbox (webhooks' external targets). */
export const CLINIC_TARGET_PREFIX = 'clinic:';

/** The webhooks feature's lookup of a clinic's endpoint in force (registered in features/index.ts). */
export const clinicWebhookTarget = {
  async endpoint(db: Executor, clientId: string): Promise<WebhookEndpoint | undefined> {
    const clinic = await createClinicsRepo(db).find(clientId.slice(CLINIC_TARGET_PREFIX.length), db);
    if (!clinic?.webhookUrl || !clinic.webhookSecret) return undefined;
    return { url: clinic.webhookUrl, secret: clinic.webhookSecret };
  },
};

/**
 * The escalation event to the clinic's systems, in the escalation's transaction: ids, severity and
 * times only (the receiver opens the alert queue for the rest, as staff). Nothing without a webhook.
 */
export async function recordEscalationEvent(
  tx: Executor,
  clinic: Pick<ClinicRow, 'id' | 'webhookUrl'>,
  alert: { id: string; userId: string; severity: string; raisedAt: Date },
  now: Date,
): Promise<void> {
  if (!clinic.webhookUrl) return;
  await recordTargetEvent(
    tx,
    {
      userId: alert.userId,
      clientId: `${CLINIC_TARGET_PREFIX}${clinic.id}`,
      url: clinic.webhookUrl,
      type: CLINIC_ALERT_ESCALATED,
      data: {
        clinicId: clinic.id,
        alertId: alert.id,
        patientId: alert.userId,
        severity: alert.severity,
        raisedAt: alert.raisedAt.toISOString(),
        escalatedAt: now.toISOString(),
      },
    },
    now,
  );
}

/** The clinic's escalation settings (clinic_admin) and the alert queue's assignees. */
export function createEscalationService(ctx: AppContext) {
  const clinics = createClinicsRepo(ctx.database.db);
  return {
    /** Sets the URL (checked as partners' are); the secret is made on first set or rotation, shown then. */
    async set(staff: StaffActor, body: { url: string; rotateSecret: boolean }): Promise<ClinicWebhook> {
      const problem = callbackUrlProblem(body.url, {
        allowPrivateNetwork: ctx.config.webhooksAllowPrivateNetwork,
      });
      if (problem) throw new Invalid(problem, [{ path: 'url', code: 'invalid_url', message: problem }]);
      const fresh = body.rotateSecret || !staff.clinic.webhookSecret;
      const secret = fresh ? newWebhookSecret() : staff.clinic.webhookSecret;
      await clinics.update(staff.clinic.id, {
        webhookUrl: body.url,
        webhookSecret: secret,
        updatedAt: ctx.now(),
      });
      return { url: body.url, ...(fresh && secret ? { secret } : {}) };
    },

    /** Removes URL and secret: deliveries still pending are cancelled at their next attempt. */
    async remove(staff: StaffActor): Promise<void> {
      await clinics.update(staff.clinic.id, { webhookUrl: null, webhookSecret: null, updatedAt: ctx.now() });
    },

    async assignees(staff: StaffActor): Promise<AlertAssignees> {
      const members = await clinics.staffOf(staff.clinic.id);
      return {
        assignees: members
          .filter((m) => roleMay(m.role, 'alerts'))
          .map((m) => ({ userId: m.userId, displayName: m.displayName })),
      };
    },
  };
}
