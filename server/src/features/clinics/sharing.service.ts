import { remoteMonitoringWording, type Sharing } from '@vitalbase/core';
import type { AppContext } from '../../lib/context';
import { NotFound } from '../../lib/errors';
import { recordRegisteredConsent } from '../consents';
import { createPoliciesService } from '../policies';
import { createEnrolmentsRepo } from './clinics.repo';
import { rpmConsentPurpose } from './invitations.service';

/** The patient's side, in the privacy center: the clinics they share with, and stopping one. */
export function createSharingService(ctx: AppContext) {
  const db = ctx.database.db;
  const enrolments = createEnrolmentsRepo(db);

  return {
    async mine(userId: string): Promise<{ sharing: Sharing[] }> {
      const rows = await enrolments.mySharing(userId);
      return { sharing: rows.map((r) => ({ ...r, since: r.since.toISOString() })) };
    },

    /**
     * Stops at once: the clinic's next read is refused by the access check, which reads this row in
     * the read's own transaction. The withdrawal is recorded in the consent history beside the grant.
     */
    async stop(userId: string, clinicId: string): Promise<void> {
      const policyVersion = await createPoliciesService(ctx).versionInForce('privacy');
      const now = ctx.now();
      await db.transaction(async (tx) => {
        if (!(await enrolments.stop(userId, clinicId, now, tx))) throw new NotFound('Sharing');
        await recordRegisteredConsent(tx, {
          userId,
          purpose: rpmConsentPurpose(clinicId),
          granted: false,
          wordingVersion: remoteMonitoringWording.version,
          policyVersion,
          method: 'web',
          now,
        });
      });
    },
  };
}
