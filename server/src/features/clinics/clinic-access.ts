import { type ClinicPermission, type ClinicRole, roleMay } from '@vitalbase/core';
import type { FastifyRequest } from 'fastify';
import type { Executor } from '../../db/client';
import { requireSession } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { Forbidden, NotFound } from '../../lib/errors';
import type { AccessRequest, plugAccessCheck } from '../access-log';
import { createUsersRepo } from '../accounts';
import { createPartnerAppsRepo } from '../oauth';
import { requireSessionSecondFactor } from '../second-factor';
import { type ClinicRow, createClinicsRepo, createEnrolmentsRepo } from './clinics.repo';

/** A staff member acting in one clinic, as the gate found them on this request. */
export interface StaffActor {
  userId: string;
  displayName: string;
  role: ClinicRole;
  clinic: ClinicRow;
}

/**
 * The gate of every clinic API (issue #15): a browser session (never a token), on an account with a
 * second factor on, whose session passed it (sessions.second_factor_at: the second step of its sign-in,
 * a step-up in the session, or the factor set up in it; else 403 `second_factor_step_up_required`),
 * that is staff of the clinic now (removed staff are refused on their next request), in a role that
 * holds the permission. Not staff: 404, the clinic's existence is not revealed.
 */
export function createStaffGate(ctx: Pick<AppContext, 'database'>) {
  const db = ctx.database.db;
  const clinics = createClinicsRepo(db);
  const users = createUsersRepo(db);

  async function assertSecondFactor(req: FastifyRequest): Promise<string> {
    const auth = requireSession(req);
    await requireSessionSecondFactor(
      db,
      auth,
      () =>
        new Forbidden(
          'Clinic pages need a second factor: set one up on your security page.',
          'clinic_second_factor_required',
        ),
    );
    return auth.userId;
  }

  return {
    assertSecondFactor,
    async requireStaff(
      req: FastifyRequest,
      clinicId: string,
      permission: ClinicPermission,
    ): Promise<StaffActor> {
      const userId = await assertSecondFactor(req);
      const member = await clinics.membership(userId, clinicId);
      const clinic = member && (await clinics.find(clinicId));
      if (!member || !clinic) throw new NotFound('Clinic');
      if (!roleMay(member.role, permission)) {
        throw new Forbidden('Your role in this clinic does not allow this.', 'clinic_role_forbidden');
      }
      const user = await users.findById(userId);
      return { userId, displayName: user?.displayName ?? '', role: member.role, clinic };
    },
  };
}

/** The access log's actor for a staff member: the clinic's name is what the patient reads first. */
export function clinicActor(staff: StaffActor): AccessRequest['actor'] {
  return {
    type: 'clinician',
    id: `${staff.clinic.id}:${staff.userId}`,
    name: `${staff.clinic.name} — ${staff.displayName}`.slice(0, 200),
  };
}

/** The middle part of an EHR client's actor id (`<clinic>:app:<client>`): never a user id. */
export const EHR_ACTOR = 'app';

export const RPM_PURPOSE = 'remote patient monitoring';
export const RPM_LEGAL_BASIS = 'explicit consent (GDPR Art. 9(2)(a)), given to this clinic';

/** The categories a `readings:<category>` read names are all shared by the enrolment. */
function readsShared(request: AccessRequest, categories: readonly string[]): boolean {
  return request.what.every((what) => {
    const [kind, category] = what.split(':');
    return kind !== 'readings' || (category !== undefined && categories.includes(category));
  });
}

/**
 * The clinic an actor reads for, once its right is checked: `<clinic>:<staff>` is staff now with the
 * `patients` permission; `<clinic>:app:<client>` is the clinic's EHR backend client (ehr-access.ts).
 */
async function actorClinic(actorId: string, tx: Executor): Promise<string> {
  const [clinicId, staffId, clientId] = actorId.split(':');
  if (!clinicId || !staffId) throw new NotFound('Patient');
  if (staffId === EHR_ACTOR && clientId) {
    const app = await createPartnerAppsRepo(tx).find(clientId, tx);
    if (app?.clinicId !== clinicId) throw new NotFound('Patient');
    return clinicId;
  }
  const member = await createClinicsRepo(tx).membership(staffId, clinicId, tx);
  if (!member || !roleMay(member.role, 'patients')) throw new NotFound('Patient');
  return clinicId;
}

/**
 * The clinician check of the access point (access-log's access-checks.ts), plugged in by the
 * composition root: inside the read's transaction, the actor is still staff of the clinic with the
 * `patients` permission, the patient still shares with it, and every `readings:<category>` read is a
 * category the patient picked. Anything else is 404, like a patient of another clinic.
 */
export const assertClinicShare: Parameters<typeof plugAccessCheck>[1] = async (
  request: AccessRequest,
  tx: Executor,
) => {
  const clinicId = await actorClinic(request.actor.id, tx);
  const enrolment = await createEnrolmentsRepo(tx).find(request.userId, clinicId, tx);
  if (!enrolment || enrolment.stoppedAt || !readsShared(request, enrolment.categories)) {
    throw new NotFound('Patient');
  }
};

/**
 * The same check for a page of patients read at once (the patient list, the alert queue): per staff
 * member one membership query, and the page's enrolments in one query, instead of two per patient.
 */
export const assertClinicShares: NonNullable<Parameters<typeof plugAccessCheck>[2]> = async (
  requests,
  tx,
) => {
  const byActor = new Map<string, AccessRequest[]>();
  for (const r of requests) byActor.set(r.actor.id, [...(byActor.get(r.actor.id) ?? []), r]);
  for (const [actorId, reqs] of byActor) {
    const clinicId = await actorClinic(actorId, tx);
    const active = await createEnrolmentsRepo(tx).activeOf(
      clinicId,
      reqs.map((r) => r.userId),
      tx,
    );
    const categories = new Map(active.map((e) => [e.userId, e.categories]));
    for (const r of reqs) {
      const shared = categories.get(r.userId);
      if (!shared || !readsShared(r, shared)) throw new NotFound('Patient');
    }
  }
};
