import type { AccessRequest } from '../access-log';
import type { Executor } from '../../db/client';
import { metricsOfCategories } from '@vitalbase/core';
import { EHR_ACTOR } from './clinic-access';
import { createClinicsRepo, createEnrolmentsRepo } from './clinics.repo';

/** Why the clinic's EHR reads, as the patient sees it in "who accessed my data". */
export const EHR_PURPOSE = 'EHR export';

/**
 * What the clinic's EHR client (SMART Backend Services, issue #15) may read: the patients sharing
 * with the clinic now, each with the catalog metrics of the categories they shared. The reads
 * themselves go through the access point with `ehrActor`, whose check (clinic-access.ts) runs again
 * inside each read: a patient who stops sharing meanwhile is read no more.
 */
export async function clinicSharingPatients(db: Executor, clinicId: string, onlyUserId?: string) {
  const clinic = await createClinicsRepo(db).find(clinicId);
  if (!clinic) return undefined;
  const enrolments = createEnrolmentsRepo(db);
  // One patient (an export job's run) or all of them (the Group).
  const members =
    onlyUserId === undefined
      ? await enrolments.allActive(clinicId)
      : await enrolments.activeOf(clinicId, [onlyUserId]);
  return {
    clinic: { id: clinic.id, name: clinic.name },
    patients: members.map((m) => ({
      userId: m.userId,
      categories: m.categories,
      metrics: metricsOfCategories(m.categories),
    })),
    /** The access log's actor: the clinic's name first, then the app. */
    actor: (client: { clientId: string; clientName: string }): AccessRequest['actor'] => ({
      type: 'clinician',
      id: `${clinic.id}:${EHR_ACTOR}:${client.clientId}`,
      name: `${clinic.name} — EHR (${client.clientName})`.slice(0, 200),
    }),
  };
}
