import {
  localDate,
  MAX_ENTRY_MINUTES,
  type PatientNote,
  type TimeEntry,
  type TimeLog,
} from '@vitalbase/core';
import type { AppContext } from '../../lib/context';
import { Conflict, Forbidden, Invalid, NotFound } from '../../lib/errors';
import { timeZoneOf } from '../accounts';
import { createCareRepo, type MonthBounds, type TimeEntryRow } from './care.repo';
import type { StaffActor } from './clinic-access';
import { createEnrolmentsRepo } from './clinics.repo';

/** A month's bounds: its days (time log, transmission days) and its UTC instants (alerts). */
export function monthBounds(month: string): MonthBounds {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(y, m - 1, 1));
  const end = new Date(Date.UTC(y, m, 1));
  return {
    firstDay: start.toISOString().slice(0, 10),
    nextFirstDay: end.toISOString().slice(0, 10),
    start,
    end,
  };
}

const NOTES_SHOWN = 200;

/**
 * The care team's own records on a patient (issue #15): the time log and the clinic's notes. Both
 * are the clinic's record, not the patient's health data, so they are not access-logged reads; the
 * time log needs the patient to share now, notes stay readable after sharing stopped (the clinic's
 * record), and are written only while the patient shares.
 */
export function createCareService(ctx: AppContext) {
  const db = ctx.database.db;
  const repo = createCareRepo(db);
  const enrolments = createEnrolmentsRepo(db);

  async function sharingNow(staff: StaffActor, patientId: string) {
    const e = await enrolments.find(patientId, staff.clinic.id);
    if (!e || e.stoppedAt) throw new NotFound('Patient');
    return e;
  }

  /** Today in the staff member's time zone: the day a timer's minutes are counted on. */
  async function today(staff: StaffActor) {
    return localDate(ctx.now().getTime(), await timeZoneOf(db, staff.userId));
  }

  async function assertNotFuture(staff: StaffActor, day: string) {
    if (day > (await today(staff))) {
      throw new Invalid('Care time is logged on a day that has begun.', { field: 'day' });
    }
  }

  /** An entry of this patient at this clinic that the caller wrote (others' entries are theirs). */
  async function ownEntry(staff: StaffActor, patientId: string, entryId: string) {
    await sharingNow(staff, patientId);
    const row = await repo.findEntry(patientId, staff.clinic.id, entryId);
    if (!row) throw new NotFound('Time entry');
    if (row.staffId !== staff.userId) {
      throw new Forbidden(
        'Only the staff member who logged this time may change it.',
        'clinic_entry_not_yours',
      );
    }
    return row;
  }

  function present(row: TimeEntryRow, staffName: string, staff: StaffActor): TimeEntry {
    return {
      id: row.id,
      staffId: row.staffId,
      staffName,
      day: row.day,
      minutes: row.minutes,
      startedAt: row.startedAt?.toISOString() ?? null,
      interactive: row.interactive,
      note: row.note,
      mine: row.staffId === staff.userId,
    };
  }

  return {
    async timeLog(staff: StaffActor, patientId: string, month: string): Promise<TimeLog> {
      await sharingNow(staff, patientId);
      const rows = await repo.timeLog(patientId, staff.clinic.id, monthBounds(month));
      const entries = rows.map((r) => present(r.entry, r.staffName, staff));
      const stopped = entries.filter((e) => e.startedAt === null);
      return {
        month,
        entries,
        minutes: stopped.reduce((n, e) => n + e.minutes, 0),
        interactiveMinutes: stopped.filter((e) => e.interactive).reduce((n, e) => n + e.minutes, 0),
      };
    },

    async addEntry(
      staff: StaffActor,
      patientId: string,
      body: { day: string; minutes: number; interactive: boolean; note: string },
    ): Promise<TimeEntry> {
      await sharingNow(staff, patientId);
      await assertNotFuture(staff, body.day);
      const now = ctx.now();
      const row = await repo.insertEntry({
        userId: patientId,
        clinicId: staff.clinic.id,
        staffId: staff.userId,
        ...body,
        createdAt: now,
        updatedAt: now,
      });
      return present(row, staff.displayName, staff);
    },

    /** Starts the caller's timer on this patient (one at a time per patient): minutes come at stop. */
    async startTimer(staff: StaffActor, patientId: string, body: { interactive: boolean; note: string }) {
      await sharingNow(staff, patientId);
      if (await repo.runningTimer(patientId, staff.clinic.id, staff.userId)) {
        throw new Conflict('Your timer on this patient is already running.', 'clinic_timer_running');
      }
      const now = ctx.now();
      const row = await repo.insertEntry({
        userId: patientId,
        clinicId: staff.clinic.id,
        staffId: staff.userId,
        day: await today(staff),
        minutes: 0,
        startedAt: now,
        ...body,
        createdAt: now,
        updatedAt: now,
      });
      return present(row, staff.displayName, staff);
    },

    /** Stops a running timer: the minutes begun count (at least one), at most a working day. */
    async stopTimer(staff: StaffActor, patientId: string, entryId: string) {
      const row = await ownEntry(staff, patientId, entryId);
      if (!row.startedAt) throw new Conflict('This timer is not running.', 'clinic_timer_stopped');
      const now = ctx.now();
      const elapsed = Math.ceil((now.getTime() - row.startedAt.getTime()) / 60_000);
      const minutes = Math.min(MAX_ENTRY_MINUTES, Math.max(1, elapsed));
      const saved = await repo.updateEntry(patientId, entryId, { minutes, startedAt: null, updatedAt: now });
      return present(saved ?? row, staff.displayName, staff);
    },

    async updateEntry(
      staff: StaffActor,
      patientId: string,
      entryId: string,
      body: Partial<{ day: string; minutes: number; interactive: boolean; note: string }>,
    ) {
      const row = await ownEntry(staff, patientId, entryId);
      if (row.startedAt && body.minutes !== undefined) {
        throw new Conflict('Stop the timer before changing its minutes.', 'clinic_timer_running');
      }
      if (body.day) await assertNotFuture(staff, body.day);
      const saved = await repo.updateEntry(patientId, entryId, { ...body, updatedAt: ctx.now() });
      return present(saved ?? row, staff.displayName, staff);
    },

    async deleteEntry(staff: StaffActor, patientId: string, entryId: string): Promise<void> {
      await ownEntry(staff, patientId, entryId);
      await repo.deleteEntry(patientId, entryId);
    },

    /** The clinic's notes on a patient, newest first: readable while an enrolment exists, even stopped. */
    async notes(staff: StaffActor, patientId: string): Promise<{ notes: PatientNote[] }> {
      if (!(await enrolments.find(patientId, staff.clinic.id))) throw new NotFound('Patient');
      const rows = await repo.notes(patientId, staff.clinic.id, NOTES_SHOWN);
      return {
        notes: rows.map((r) => ({
          id: r.note.id,
          authorName: r.authorName,
          body: r.note.body,
          createdAt: r.note.createdAt.toISOString(),
        })),
      };
    },

    async addNote(staff: StaffActor, patientId: string, body: string): Promise<PatientNote> {
      await sharingNow(staff, patientId);
      const now = ctx.now();
      const row = await repo.insertNote({
        userId: patientId,
        clinicId: staff.clinic.id,
        authorId: staff.userId,
        body,
        createdAt: now,
        updatedAt: now,
      });
      return { id: row.id, authorName: staff.displayName, body: row.body, createdAt: now.toISOString() };
    },
  };
}
