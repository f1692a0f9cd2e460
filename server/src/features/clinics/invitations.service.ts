import {
  type ClinicRole,
  clinicDataCategories,
  type EnrolmentAccept,
  type InvitationCreated,
  type InvitationView,
  type PatientInvitationList,
  remoteMonitoringWording,
} from '@vitalbase/core';
import type { AppContext } from '../../lib/context';
import { AppError, Conflict, Forbidden, Gone, NotFound } from '../../lib/errors';
import { createUsersRepo, normalizeEmail } from '../accounts';
import { createGuardianService, recordRegisteredConsent } from '../consents';
import { createPoliciesService } from '../policies';
import type { StaffActor } from './clinic-access';
import { clinicMailsIn } from './clinic-mail';
import {
  type ClinicRow,
  createClinicsRepo,
  createEnrolmentsRepo,
  createInvitationsRepo,
  type InvitationRow,
} from './clinics.repo';
import { createClinicDevicesRepo } from './devices.repo';
import { createClinicDevicesService } from './devices.service';
import { invitationCodeHash, newInvitationCode } from './invitation-code';

const DAY_MS = 86_400_000;
const STAFF_INVITATION_DAYS = 7;
const PATIENT_INVITATION_DAYS = 30;

/** The consent purpose of one clinic's remote monitoring (registered with consents in features/index.ts). */
export const RPM_CONSENT = 'remote_monitoring';
export const rpmConsentPurpose = (clinicId: string) => `${RPM_CONSENT}:${clinicId}`;

/**
 * Invitations of staff (by email, with a role) and of patients (by email or a printed code), and their
 * acceptance by a signed-in account. A patient's acceptance is their express consent: recorded with
 * the wording and terms versions in consents, in the transaction that opens the sharing.
 */
export function createInvitationsService(ctx: AppContext) {
  const db = ctx.database.db;
  const clinics = createClinicsRepo(db);
  const invitations = createInvitationsRepo(db);
  const enrolments = createEnrolmentsRepo(db);
  const users = createUsersRepo(db);
  const clinicDevices = createClinicDevicesService(ctx);

  async function create(
    clinic: ClinicRow,
    invitedBy: string,
    opts: { kind: 'staff' | 'patient'; email?: string; role?: ClinicRole },
  ) {
    const code = newInvitationCode();
    const now = ctx.now();
    const days = opts.kind === 'staff' ? STAFF_INVITATION_DAYS : PATIENT_INVITATION_DAYS;
    const row = await invitations.insert({
      clinicId: clinic.id,
      kind: opts.kind,
      email: opts.email ? normalizeEmail(opts.email) : null,
      role: opts.role ?? null,
      tokenHash: invitationCodeHash(code),
      invitedBy,
      createdAt: now,
      expiresAt: new Date(now.getTime() + days * DAY_MS),
    });
    // `?token=`: the web app takes it out of the address bar at once (use-one-time-token.ts).
    const token = encodeURIComponent(code);
    const link =
      opts.kind === 'staff'
        ? `${ctx.config.publicUrl}/clinic-invitation?token=${token}`
        : `${ctx.config.publicUrl}/clinic-enrolment?token=${token}`;
    if (opts.email) {
      // The outbox row belongs to the invitee's account when there is one, else to the invitation.
      const invitee = await users.findByEmail(opts.email);
      // In the invitee's language; an address without an account gets the inviter's (else English).
      const locale = invitee?.locale ?? (await users.findById(invitedBy))?.locale;
      const mails = clinicMailsIn(locale);
      const content =
        opts.kind === 'staff'
          ? mails.staffInvitation(clinic.name, opts.role ?? 'clinician', link, code)
          : mails.patientInvitation(clinic.name, link, code);
      await ctx.mailer.send({
        userId: invitee?.id ?? row.id,
        to: opts.email,
        kind: `clinic-${opts.kind}-invitation`,
        ...content,
      });
    }
    return { row, code, link };
  }

  /** An invitation that may still be accepted; unknown is 404, used or expired is 410. */
  async function usable(
    code: string,
    kind?: 'staff' | 'patient',
  ): Promise<{ inv: InvitationRow; clinic: ClinicRow }> {
    const inv = await invitations.findByHash(invitationCodeHash(code));
    const clinic = inv && (await clinics.find(inv.clinicId));
    if (!inv || !clinic || (kind && inv.kind !== kind)) throw new NotFound('Invitation');
    if (inv.acceptedAt || inv.expiresAt.getTime() <= ctx.now().getTime()) {
      throw new Gone('This invitation was already used or has expired: ask the clinic for a new one.');
    }
    return { inv, clinic };
  }

  async function assertAddressee(inv: InvitationRow, userId: string) {
    const user = await users.findById(userId);
    if (!user) throw new NotFound('Invitation');
    if (inv.email && normalizeEmail(user.email) !== inv.email) {
      throw new Forbidden(
        'This invitation was sent to another email address: sign in with the account of that address.',
        'invitation_for_another_email',
      );
    }
    return user;
  }

  /** The sharing opens, the consent is recorded and the clinic's reserved devices are paired, at once. */
  async function enrol(
    userId: string,
    inv: InvitationRow,
    clinic: ClinicRow,
    body: EnrolmentAccept,
    acceptedBy: 'patient' | 'guardian',
  ) {
    if (body.termsVersion !== clinic.termsVersion) {
      throw new Conflict("The clinic's programme terms have changed: read them again.", 'terms_changed', {
        termsVersion: clinic.termsVersion,
      });
    }
    const categories = [...new Set(body.categories)].sort();
    const policyVersion = await createPoliciesService(ctx).versionInForce('privacy');
    const now = ctx.now();
    await db.transaction(async (tx) => {
      if (!(await invitations.take(inv.id, now, tx))) throw new Gone('This invitation was already used.');
      await enrolments.upsert(
        {
          userId,
          clinicId: clinic.id,
          categories,
          termsVersion: clinic.termsVersion,
          wordingVersion: body.wordingVersion,
          acceptedBy,
          enrolledAt: now,
          updatedAt: now,
        },
        tx,
      );
      await recordRegisteredConsent(tx, {
        userId,
        purpose: rpmConsentPurpose(clinic.id),
        granted: true,
        wordingVersion: body.wordingVersion,
        policyVersion,
        method: acceptedBy === 'guardian' ? 'guardian' : 'web',
        form: { clinicName: clinic.name, termsVersion: clinic.termsVersion, categories },
        now,
      });
      await clinicDevices.pairOnEnrolment(tx, inv.id, userId, now);
    });
    return { clinicId: clinic.id, clinicName: clinic.name, categories, since: now.toISOString() };
  }

  return {
    async inviteStaff(clinic: ClinicRow, invitedBy: string, body: { email: string; role: ClinicRole }) {
      const { row } = await create(clinic, invitedBy, { kind: 'staff', ...body });
      return { id: row.id, expiresAt: row.expiresAt.toISOString() } satisfies InvitationCreated;
    },

    /** The code and link are answered so the clinic can print them (and mailed when an email is given). */
    async invitePatient(staff: StaffActor, body: { email?: string }): Promise<InvitationCreated> {
      const { row, code, link } = await create(staff.clinic, staff.userId, { kind: 'patient', ...body });
      return { id: row.id, expiresAt: row.expiresAt.toISOString(), code, link };
    },

    /** The patient invitations still open, with the units reserved for each (two statements). */
    async pendingPatients(staff: StaffActor): Promise<PatientInvitationList> {
      const rows = await invitations.pending(staff.clinic.id, 'patient', ctx.now());
      const units = await createClinicDevicesRepo(db).reservedFor(
        staff.clinic.id,
        rows.map((r) => r.id),
      );
      return {
        invitations: rows.map((r) => ({
          id: r.id,
          email: r.email,
          createdAt: r.createdAt.toISOString(),
          expiresAt: r.expiresAt.toISOString(),
          devices: units
            .filter((u) => u.invitationId === r.id)
            .map((u) => ({ unitId: u.unitId, serial: u.serial })),
        })),
      };
    },

    async view(code: string): Promise<InvitationView> {
      const { inv, clinic } = await usable(code);
      const patient = inv.kind === 'patient';
      return {
        kind: inv.kind,
        clinicName: clinic.name,
        role: inv.role,
        programmeTerms: patient ? clinic.programmeTerms : null,
        termsVersion: patient ? clinic.termsVersion : null,
        wording: patient ? { ...remoteMonitoringWording } : null,
        defaultCategories: patient ? clinic.defaultCategories : [],
        categories: patient
          ? Object.entries(clinicDataCategories).map(([id, metrics]) => ({ id, metrics: [...metrics] }))
          : [],
        expiresAt: inv.expiresAt.toISOString(),
      };
    },

    async acceptStaff(userId: string, code: string) {
      const { inv, clinic } = await usable(code, 'staff');
      await assertAddressee(inv, userId);
      await db.transaction(async (tx) => {
        if (!(await invitations.take(inv.id, ctx.now(), tx)))
          throw new Gone('This invitation was already used.');
        await clinics.addStaff(
          { userId, clinicId: clinic.id, role: inv.role ?? 'clinician', addedAt: ctx.now() },
          tx,
        );
      });
      await ctx.audit.record({
        userId,
        actorType: 'user',
        actorId: userId,
        action: 'clinic_staff_joined',
        details: { clinicId: clinic.id, role: inv.role },
      });
      return { clinicId: clinic.id, clinicName: clinic.name };
    },

    /**
     * The patient's express consent. A minor's is given by their parent or guardian
     * (`acceptPatientAsGuardian`): refused here with `parent_must_consent`.
     */
    async acceptPatient(userId: string, code: string, body: EnrolmentAccept) {
      const { inv, clinic } = await usable(code, 'patient');
      await assertAddressee(inv, userId);
      try {
        await createGuardianService(ctx).assertChildMayChange(userId, true);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        throw new Forbidden(
          "Under the age of digital consent, your parent or guardian accepts a clinic's programme for you: ask the clinic how to enrol.",
          'parent_must_consent',
        );
      }
      return enrol(userId, inv, clinic, body, 'patient');
    },

    /**
     * A parent accepts for a minor child (GDPR Art. 8), holding the guardian link mailed when they
     * approved the child's account (`x-guardian-token`) and the clinic's code. An invitation sent to
     * an address is for the child's or the parent's. Once the child is of age the link no longer
     * opens (404) and the child accepts alone.
     */
    async acceptPatientAsGuardian(guardianToken: string, code: string, body: EnrolmentAccept) {
      const { child, parentEmail } = await createGuardianService(ctx).childOfLink(guardianToken);
      const { inv, clinic } = await usable(code, 'patient');
      const addressees = [child.email, parentEmail].filter(Boolean).map(normalizeEmail);
      if (inv.email && !addressees.includes(inv.email)) {
        throw new Forbidden(
          'This invitation was sent to another email address.',
          'invitation_for_another_email',
        );
      }
      return enrol(child.id, inv, clinic, body, 'guardian');
    },
  };
}
