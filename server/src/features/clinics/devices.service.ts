import type { ClinicDevice, ClinicDeviceInput } from '@vitalbase/core';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../lib/context';
import { Conflict, Gone, NotFound } from '../../lib/errors';
import { createUnitPairing } from '../devices';
import type { StaffActor } from './clinic-access';
import { type ClinicDeviceRow, createClinicDevicesRepo } from './devices.repo';
import { createClinicsRepo, createEnrolmentsRepo } from './clinics.repo';

/**
 * A clinic's device stock (issue #15): units registered by serial and claim code (proof the clinic
 * holds them), reserved for a patient invitation, paired to the patient's account when they accept
 * (through the devices feature's own pairing: the device and its data are the patient's), and
 * returned to stock, unpaired, once the patient has stopped sharing.
 */
export function createClinicDevicesService(ctx: AppContext) {
  const db = ctx.database.db;
  const repo = createClinicDevicesRepo(db);
  const enrolments = createEnrolmentsRepo(db);
  const pairing = createUnitPairing(ctx);

  async function view(row: ClinicDeviceRow, sharing: boolean | null): Promise<ClinicDevice> {
    const model = await pairing.modelOf(row.modelId);
    return {
      unitId: row.unitId,
      serial: row.serial,
      modelId: row.modelId,
      modelName: model?.name ?? row.modelId,
      cellular: row.cellular,
      state: row.assignedUserId ? 'assigned' : row.invitationId ? 'reserved' : 'in_stock',
      invitationId: row.invitationId,
      patientId: row.assignedUserId,
      patientSharing: row.assignedUserId ? sharing : null,
      assignedAt: row.assignedAt?.toISOString() ?? null,
      addedAt: row.addedAt.toISOString(),
    };
  }

  async function own(staff: StaffActor, unitId: string): Promise<ClinicDeviceRow> {
    const row = await repo.find(staff.clinic.id, unitId);
    if (!row) throw new NotFound('Device');
    return row;
  }

  /** Into the clinic's stock: the claim code proves the clinic holds the unit. */
  async function registerInStock(clinicId: string, body: ClinicDeviceInput): Promise<ClinicDevice> {
    const unit = await pairing.checkClaim(body.serial, body.claimCode);
    if (unit.pairedUserId) {
      throw new Conflict(
        'This device is paired to an account: it must be unpaired before it joins a stock.',
        'device_already_paired',
      );
    }
    const row = {
      unitId: unit.id,
      clinicId,
      serial: unit.serial,
      modelId: unit.modelId,
      cellular: body.cellular,
      addedAt: ctx.now(),
    };
    if (!(await repo.insert(row))) {
      throw new Conflict('This device is already in a clinic’s stock.', 'clinic_device_in_stock');
    }
    return view({ ...row, assignedUserId: null, assignedAt: null, invitationId: null }, null);
  }

  return {
    async register(staff: StaffActor, body: ClinicDeviceInput): Promise<ClinicDevice> {
      return registerInStock(staff.clinic.id, body);
    },

    /** The operator's path (`vitalbase clinic add-device`): the same checks, for a clinic by id. */
    async registerAsOperator(clinicId: string, body: ClinicDeviceInput): Promise<ClinicDevice> {
      if (!(await createClinicsRepo(db).find(clinicId))) throw new NotFound('Clinic');
      return registerInStock(clinicId, body);
    },

    async list(staff: StaffActor): Promise<{ devices: ClinicDevice[] }> {
      const rows = await repo.list(staff.clinic.id);
      return {
        devices: await Promise.all(
          rows.map((r) => view(r.device, r.enrolled !== null && r.stoppedAt === null)),
        ),
      };
    },

    /** Reserves a unit in stock (or re-reserves one) for a patient invitation still open. */
    async assign(staff: StaffActor, unitId: string, invitationId: string): Promise<ClinicDevice> {
      const row = await own(staff, unitId);
      if (row.assignedUserId) {
        throw new Conflict(
          'This device is with a patient: return it to stock first.',
          'clinic_device_assigned',
        );
      }
      const inv = await repo.patientInvitation(staff.clinic.id, invitationId);
      if (!inv) throw new NotFound('Invitation');
      if (inv.acceptedAt || inv.expiresAt.getTime() <= ctx.now().getTime()) {
        throw new Gone('This invitation was already used or has expired.');
      }
      return view((await repo.update(staff.clinic.id, unitId, { invitationId }))!, null);
    },

    /**
     * Back to stock: a reservation is dropped; a unit with a patient is unpaired from their account
     * (its credential stops working; the data it sent stays theirs), only once they stopped sharing.
     */
    async returnToStock(staff: StaffActor, unitId: string): Promise<ClinicDevice> {
      const row = await own(staff, unitId);
      const patientId = row.assignedUserId;
      if (patientId) {
        const enrolment = await enrolments.find(patientId, staff.clinic.id);
        if (enrolment && !enrolment.stoppedAt) {
          throw new Conflict(
            'The patient still shares with the clinic: the device returns once they stop.',
            'clinic_device_in_use',
          );
        }
      }
      const saved = await db.transaction(async (tx) => {
        if (patientId) await pairing.unpairFromUser(tx, patientId, unitId);
        return repo.update(
          staff.clinic.id,
          unitId,
          { assignedUserId: null, assignedAt: null, invitationId: null },
          tx,
        );
      });
      return view(saved!, null);
    },

    /**
     * Re-pair a unit with a patient who shares with the clinic (a unit reset in the field, a swapped
     * SIM): its credential stops working and it may activate once more with its claim code. A claim
     * code alone never replaces a live credential (devices' unit-pairing.ts `activate`).
     */
    async rePair(staff: StaffActor, unitId: string): Promise<ClinicDevice> {
      const row = await own(staff, unitId);
      const patientId = row.assignedUserId;
      const enrolment = patientId ? await enrolments.find(patientId, staff.clinic.id) : undefined;
      const notWithPatient = () =>
        new Conflict(
          'Only a unit with a patient who shares with the clinic can be re-paired.',
          'clinic_device_not_with_patient',
        );
      if (!patientId || !enrolment || enrolment.stoppedAt) throw notWithPatient();
      if (!(await pairing.reopenActivation(patientId, unitId))) throw notWithPatient();
      return view(row, true);
    },

    /** On enrolment, in its transaction: the units reserved for the invitation go to the patient. */
    async pairOnEnrolment(tx: Executor, invitationId: string, userId: string, now: Date): Promise<void> {
      for (const d of await repo.ofInvitation(invitationId, tx)) {
        await pairing.pairToUser(tx, userId, d.unitId);
        await repo.update(
          d.clinicId,
          d.unitId,
          { assignedUserId: userId, assignedAt: now, invitationId: null },
          tx,
        );
      }
    },
  };
}
