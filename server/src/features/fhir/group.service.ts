import { randomUUID } from 'node:crypto';
import type { Group } from '@medplum/fhirtypes';
import type { AppContext } from '../../lib/context';
import { Invalid, NotFound, TooMany } from '../../lib/errors';
import { accessUsersData } from '../access-log';
import { clinicSharingPatients, EHR_PURPOSE, RPM_LEGAL_BASIS } from '../clinics';
import { insufficientScope, type SystemPrincipal } from '../oauth';
import { createBulkExportRepo } from './bulk-export.repo';
import { BULK_EXPORT_JOB, type ExportType, type KickOff, parseKickOff } from './bulk-export.service';

/** What each system scope opens (SMART v2 `.rs`, or the v1 `.read` the Backend Services spec shows). */
const SYSTEM_SCOPES: Partial<Record<ExportType, string[]>> = {
  Patient: ['system/Patient.rs', 'system/Patient.read'],
  Observation: ['system/Observation.rs', 'system/Observation.read'],
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The clinic's Group for its EHR (issue #15, SMART Backend Services + Bulk Data Group export): the
 * Group's id is the clinic's, its members the patients sharing with it now. Another clinic's id is 404
 * (as for anything that does not exist). The export is one fhir_exports row per patient under one id,
 * each run by the per-patient machinery with the clinic's access (only the categories shared).
 */
export function createGroupService(ctx: AppContext) {
  const repo = createBulkExportRepo(ctx.database.db);

  async function sharing(s: SystemPrincipal, groupId: string) {
    if (!UUID.test(groupId) || groupId.toLowerCase() !== s.clinicId) throw new NotFound('Group');
    const found = await clinicSharingPatients(ctx.database.db, s.clinicId);
    if (!found) throw new NotFound('Group');
    return found;
  }

  async function groupExport(s: SystemPrincipal, id: string) {
    const rows = UUID.test(id) ? await repo.findGroup(id, s.clientId) : [];
    if (!rows.length || rows.some((r) => r.expiresAt && r.expiresAt <= ctx.now()))
      throw new NotFound('Export');
    return rows;
  }

  return {
    async read(s: SystemPrincipal, groupId: string): Promise<Group> {
      if (!SYSTEM_SCOPES.Patient!.some((scope) => s.scopes.includes(scope))) {
        throw insufficientScope(SYSTEM_SCOPES.Patient!);
      }
      const found = await sharing(s, groupId);
      const actor = found.actor(s);
      // The membership is itself a disclosure (who is followed by this clinic): recorded per patient.
      const members = await accessUsersData(
        ctx,
        found.patients.map((p) => ({
          actor,
          userId: p.userId,
          purpose: EHR_PURPOSE,
          what: ['clinic:enrolment'],
          legalBasis: RPM_LEGAL_BASIS,
        })),
        async () => found.patients.map((p) => ({ entity: { reference: `Patient/${p.userId}` } })),
      );
      return {
        resourceType: 'Group',
        id: found.clinic.id,
        type: 'person',
        actual: true,
        name: found.clinic.name,
        quantity: members.length,
        // FHIR JSON holds no empty array: a clinic with no patient sharing has no member element.
        ...(members.length ? { member: members } : {}),
      };
    },

    /** Bulk Data Group kick-off: one export row per patient sharing now, one status URL for all. */
    async kickOff(s: SystemPrincipal, groupId: string, k: KickOff): Promise<string> {
      const allowed = (Object.keys(SYSTEM_SCOPES) as ExportType[]).filter((t) =>
        SYSTEM_SCOPES[t]!.some((scope) => s.scopes.includes(scope)),
      );
      const { types, since } = parseKickOff(k, allowed, (t) => SYSTEM_SCOPES[t]?.[0] ?? `system/${t}.rs`);
      const found = await sharing(s, groupId);
      // Its status would have no row to answer from (each part is a patient's): said at once instead.
      if (!found.patients.length) throw new Invalid('The group has no patient sharing with the clinic now.');
      if ((await repo.countOpenOfClient(s.clientId)) > 0) {
        throw new TooMany('An export of this group is already running: poll its status.', 30);
      }
      const id = randomUUID();
      for (const p of found.patients) {
        await repo.insert({
          userId: p.userId,
          id,
          clientId: s.clientId,
          scopes: s.scopes,
          types,
          since: since ?? null,
          requestUrl: k.requestUrl,
          requestedAt: ctx.now(),
        });
        await ctx.jobs?.send(BULK_EXPORT_JOB, { userId: p.userId, exportId: id });
      }
      return id;
    },

    /**
     * Running while any patient's part runs; then the manifest of every file, patient after patient.
     * A part that failed (the patient stopped sharing meanwhile) is left out, saying nothing of why.
     */
    async status(s: SystemPrincipal, id: string, base: string) {
      const rows = await groupExport(s, id);
      const open = rows.filter((r) => r.status === 'queued' || r.status === 'running');
      if (open.length) {
        const pct = Math.min(99, Math.floor(((rows.length - open.length) / rows.length) * 100));
        return { state: 'running' as const, progress: `in progress (${pct}%)` };
      }
      const ready = rows.filter((r) => r.status === 'ready');
      const files = await repo.listGroupFiles(
        id,
        ready.map((r) => r.userId),
      );
      const first = rows[0]!;
      const expires = rows
        .map((r) => r.expiresAt)
        .filter((d): d is Date => !!d)
        .sort((a, b) => +a - +b)[0];
      return {
        state: 'ready' as const,
        expires,
        manifest: {
          transactionTime: (first.transactionTime ?? first.requestedAt).toISOString(),
          request: first.requestUrl,
          requiresAccessToken: true,
          output: files.map((f, i) => ({
            type: f.resourceType,
            url: `${base}/bulk-files/${id}/${i + 1}.ndjson`,
            count: f.count,
          })),
          error: [],
        },
      };
    },

    async file(s: SystemPrincipal, id: string, n: number): Promise<string> {
      const rows = await groupExport(s, id);
      if (rows.some((r) => r.status === 'queued' || r.status === 'running')) throw new NotFound('File');
      const files = await repo.listGroupFiles(
        id,
        rows.filter((r) => r.status === 'ready').map((r) => r.userId),
      );
      const f = files[n - 1];
      const file = f && (await repo.file(f.userId, id, f.seq));
      if (!file) throw new NotFound('File');
      return file.content;
    },

    async cancel(s: SystemPrincipal, id: string): Promise<void> {
      for (const r of await groupExport(s, id)) await repo.delete(r.userId, r.id);
    },
  };
}
