import {
  type Clinic,
  type ClinicDataCategory,
  defaultProgrammeCategories,
  rolePermissions,
  type StaffList,
} from '@vitalbase/core';
import type { AppContext } from '../../lib/context';
import { z } from 'zod';
import { Conflict, Invalid, NotFound } from '../../lib/errors';
import { createUsersRepo } from '../accounts';
import type { StaffActor } from './clinic-access';
import { createClinicsRepo, createInvitationsRepo } from './clinics.repo';
import { createInvitationsService } from './invitations.service';

/** `invited_by` of an invitation the operator sent (`vitalbase clinic create`): no account. */
const OPERATOR = '00000000-0000-0000-0000-000000000000';

const DEFAULT_TERMS =
  'Our care team reviews the readings you share on working days. This service does not replace emergency care: in an emergency, call your local emergency number.';

/** A clinic and its staff: creation (operator), settings and staff (clinic_admin). */
export function createStaffService(ctx: AppContext) {
  const db = ctx.database.db;
  const clinics = createClinicsRepo(db);
  const invitations = createInvitationsRepo(db);
  const users = createUsersRepo(db);

  function view(staff: StaffActor): Clinic {
    const c = staff.clinic;
    return {
      id: c.id,
      name: c.name,
      programmeTerms: c.programmeTerms,
      termsVersion: c.termsVersion,
      defaultCategories: c.defaultCategories,
      escalationMinutes: c.escalationMinutes,
      webhookUrl: c.webhookUrl,
      role: staff.role,
      permissions: [...rolePermissions[staff.role]],
    };
  }

  return {
    view,

    /**
     * `vitalbase clinic create`: the clinic and its first administrator. An existing account becomes
     * admin at once; otherwise the address gets an admin invitation (accepted once it has an account).
     */
    async createClinic(opts: { name: string; adminEmail: string; invitedBy?: string }) {
      const valid = z
        .strictObject({ name: z.string().trim().min(2).max(120), adminEmail: z.email().max(254) })
        .safeParse({ name: opts.name, adminEmail: opts.adminEmail });
      if (!valid.success)
        throw new Invalid('A clinic needs a name (2 to 120 characters) and an admin email.');
      const clinic = await clinics.insert({
        name: opts.name,
        programmeTerms: DEFAULT_TERMS,
        defaultCategories: [...defaultProgrammeCategories],
        createdAt: ctx.now(),
        updatedAt: ctx.now(),
      });
      const admin = await users.findByEmail(opts.adminEmail);
      if (admin) {
        await clinics.addStaff({
          userId: admin.id,
          clinicId: clinic.id,
          role: 'clinic_admin',
          addedAt: ctx.now(),
        });
        return { clinic, admin: 'added' as const };
      }
      await createInvitationsService(ctx).inviteStaff(clinic, opts.invitedBy ?? OPERATOR, {
        email: opts.adminEmail,
        role: 'clinic_admin',
      });
      return { clinic, admin: 'invited' as const };
    },

    async myClinics(userId: string) {
      return { clinics: await clinics.myClinics(userId) };
    },

    /** New programme terms are a new version: patients who accept from now on accept that text. */
    async updateSettings(
      staff: StaffActor,
      body: {
        name?: string;
        programmeTerms?: string;
        defaultCategories?: ClinicDataCategory[];
        escalationMinutes?: number;
      },
    ): Promise<Clinic> {
      const c = staff.clinic;
      const termsChanged = body.programmeTerms !== undefined && body.programmeTerms !== c.programmeTerms;
      const row = await clinics.update(c.id, {
        ...body,
        ...(termsChanged ? { termsVersion: c.termsVersion + 1 } : {}),
        updatedAt: ctx.now(),
      });
      if (!row) throw new NotFound('Clinic');
      return view({ ...staff, clinic: row });
    },

    async staffList(staff: StaffActor): Promise<StaffList> {
      const [members, pending] = await Promise.all([
        clinics.staffOf(staff.clinic.id),
        invitations.pending(staff.clinic.id, 'staff', ctx.now()),
      ]);
      return {
        staff: members.map((m) => ({ ...m, addedAt: m.addedAt.toISOString() })),
        invitations: pending.map((i) => ({
          id: i.id,
          email: i.email ?? '',
          role: i.role ?? 'clinician',
          expiresAt: i.expiresAt.toISOString(),
        })),
      };
    },

    /** Ends the member's access at once: the gate reads the membership on every request. */
    async removeStaff(staff: StaffActor, userId: string): Promise<void> {
      await db.transaction(async (tx) => {
        const member = await clinics.membership(userId, staff.clinic.id, tx);
        if (!member) throw new NotFound('Staff member');
        if (member.role === 'clinic_admin' && (await clinics.adminCount(staff.clinic.id, tx)) <= 1) {
          throw new Conflict('A clinic keeps at least one administrator.', 'last_clinic_admin');
        }
        await clinics.removeStaff(userId, staff.clinic.id, tx);
      });
      await ctx.audit.record({
        userId,
        actorType: 'user',
        actorId: staff.userId,
        action: 'clinic_staff_removed',
        details: { clinicId: staff.clinic.id },
      });
    },
  };
}
