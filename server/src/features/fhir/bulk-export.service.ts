import type { Resource } from '@medplum/fhirtypes';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../lib/context';
import { Invalid, NotFound, TooMany } from '../../lib/errors';
import { safeErrorForLog } from '../../lib/safe-log';
import { createUsersRepo } from '../accounts';
import { createDevicesRepo } from '../devices';
import { appDisabled, insufficientScope, isAppDisabled } from '../oauth';
import { type PartnerPrincipal, readAsPartner } from '../oauth';
import { createPartnerAppsRepo } from '../oauth';
import { createBulkExportRepo, type FhirExportRow } from './bulk-export.repo';
import { SCOPES } from './fhir.service';
import { observationQueryOfMetrics, parseObservationSearch } from './observation-search';
import { accessUserData } from '../access-log';
import { clinicSharingPatients, EHR_PURPOSE, RPM_LEGAL_BASIS } from '../clinics';
import { resolveObservations } from './observation-resolve';
import { createObservationsRepo } from '../health-data';
import { deviceResource } from './resources/device';
import { patientResource } from './resources/patient';
import { parseDateParam } from './search-params';

export const BULK_EXPORT_JOB = 'fhir.bulk-export';
/** Files are kept this long after the export is ready, then deleted (with the row). */
export const EXPORT_TTL_MS = 6 * 3600_000;
/** A running export silent this long is taken for dead (its server stopped) and run again. */
const STALE_AFTER_MS = 30 * 60_000;
const LINES_PER_FILE = 5000;
const PAGE = 1000;

const exportTypes = ['Patient', 'Device', 'Observation'] as const;
export type ExportType = (typeof exportTypes)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PURPOSE = 'Bulk export by an app you connected, through the FHIR API';

export interface KickOff {
  prefer: string | undefined;
  outputFormat?: string;
  type?: string;
  since?: string;
  requestUrl: string;
}

/** Bulk Data Access (https://hl7.org/fhir/uv/bulkdata/): the patient's data as NDJSON files. */
export function createBulkExportService(ctx: AppContext) {
  const repo = createBulkExportRepo(ctx.database.db);

  async function ownExport(p: PartnerPrincipal, id: string): Promise<FhirExportRow> {
    const row = UUID.test(id) ? await repo.find(p.userId, id) : undefined;
    // Another app's export of the same user is not this app's business: 404 as for anything unknown.
    if (!row || row.clientId !== p.clientId) throw new NotFound('Export');
    return row;
  }

  return {
    async kickOff(p: PartnerPrincipal, k: KickOff): Promise<FhirExportRow> {
      const allowed = exportTypes.filter((t) => p.scopes.includes(SCOPES[t]));
      const { types, since } = parseKickOff(k, allowed, (t) => SCOPES[t]);
      if ((await repo.countOpen(p.userId, p.clientId)) > 0) {
        throw new TooMany('An export for this patient is already running: poll its status.', 30);
      }
      const row = await repo.insert({
        userId: p.userId,
        clientId: p.clientId,
        scopes: p.scopes,
        types,
        since: since ?? null,
        requestUrl: k.requestUrl,
        requestedAt: ctx.now(),
      });
      await ctx.jobs?.send(BULK_EXPORT_JOB, { userId: p.userId, exportId: row.id });
      return row;
    },

    /** The status answer: still running (with progress), the manifest, or the failure. */
    async status(p: PartnerPrincipal, id: string, base: string) {
      const row = await ownExport(p, id);
      if (row.expiresAt && row.expiresAt <= ctx.now()) throw new NotFound('Export');
      if (row.status === 'queued' || row.status === 'running') {
        const pct = row.expected ? Math.min(99, Math.floor((row.done / row.expected) * 100)) : 0;
        return {
          state: 'running' as const,
          progress: `${row.status === 'queued' ? 'queued' : 'in progress'} (${pct}%)`,
        };
      }
      if (row.status === 'failed')
        return { state: 'failed' as const, message: row.failure ?? 'The export failed.' };
      const files = await repo.listFiles(p.userId, row.id);
      return {
        state: 'ready' as const,
        expires: row.expiresAt,
        manifest: {
          transactionTime: (row.transactionTime ?? row.finishedAt ?? ctx.now()).toISOString(),
          request: row.requestUrl,
          requiresAccessToken: true,
          output: files.map((f) => ({
            type: f.resourceType,
            url: `${base}/bulk-files/${row.id}/${f.seq}.ndjson`,
            count: f.count,
          })),
          error: [],
        },
      };
    },

    async file(p: PartnerPrincipal, id: string, seq: number): Promise<string> {
      const row = await ownExport(p, id);
      if (row.status !== 'ready' || (row.expiresAt && row.expiresAt <= ctx.now())) throw new NotFound('File');
      const file = await repo.file(p.userId, row.id, seq);
      if (!file) throw new NotFound('File');
      return file.content;
    },

    /** DELETE on the status URL: the app no longer wants it (files go now). */
    async cancel(p: PartnerPrincipal, id: string): Promise<void> {
      const row = await ownExport(p, id);
      await repo.delete(p.userId, row.id);
    },

    /** Runs one export (the job); answers what happened, for the job's log. */
    async run(userId: string, exportId: string): Promise<'done' | 'failed' | 'skipped'> {
      const now = ctx.now();
      if (!(await repo.claim(userId, exportId, now, new Date(now.getTime() - STALE_AFTER_MS))))
        return 'skipped';
      const row = (await repo.find(userId, exportId))!;
      const app = await createPartnerAppsRepo(ctx.database.db).find(row.clientId);
      try {
        if (!app) throw new NotFound('App');
        const access = app.clinicId
          ? await clinicExportAccess(
              ctx,
              { clientId: app.clientId, clientName: app.name, clinicId: app.clinicId },
              userId,
            )
          : partnerExportAccess(ctx, {
              userId,
              clientId: row.clientId,
              clientName: app.name,
              grantId: '',
              scopes: row.scopes,
            });
        await writeFiles(userId, row, access);
        if (await isAppDisabled(ctx.database.db, row.clientId)) throw appDisabled();
        const finished = ctx.now();
        await repo.update(userId, exportId, {
          status: 'ready',
          finishedAt: finished,
          transactionTime: now,
          expiresAt: new Date(finished.getTime() + EXPORT_TTL_MS),
        });
        return 'done';
      } catch (err) {
        // The app learns that it failed and a short reason (e.g. disconnected), never data or a stack.
        await repo.deleteFiles(userId, exportId);
        const reason =
          err instanceof Error && 'statusCode' in err && (err as { statusCode: number }).statusCode < 500
            ? err.message
            : 'The export failed on our side.';
        const finished = ctx.now();
        await repo.update(userId, exportId, {
          status: 'failed',
          failure: reason,
          finishedAt: finished,
          expiresAt: new Date(finished.getTime() + EXPORT_TTL_MS),
        });
        if (!(err instanceof Error && 'statusCode' in err)) {
          ctx.log.error({ err: safeErrorForLog(err) }, 'FHIR bulk export failed');
        }
        return 'failed';
      }
    },

    /** The scheduled sweep: run what waits (no queue in this process, or a lost job), delete what expired. */
    async sweep(): Promise<{ ran: number; expired: number }> {
      const now = ctx.now();
      const due = await repo.due(now, new Date(now.getTime() - STALE_AFTER_MS));
      let ran = 0;
      let expired = 0;
      for (const d of due) {
        const row = await repo.find(d.userId, d.id);
        if (row?.expiresAt && row.expiresAt <= now) {
          await repo.delete(d.userId, d.id);
          expired += 1;
        } else if (row) {
          if ((await this.run(d.userId, d.id)) !== 'skipped') ran += 1;
        }
      }
      return { ran, expired };
    },
  };

  /** Each type in one partner read (recorded once in the user's access log), files written as it goes. */
  async function writeFiles(userId: string, row: FhirExportRow, access: ExportAccess) {
    const p = { userId };
    let seq = 0;
    let done = 0;
    const since = row.since ?? undefined;
    const writer = (type: string, tx: Executor) => {
      let lines: string[] = [];
      const flush = async () => {
        if (!lines.length) return;
        seq += 1;
        await repo.insertFile(
          {
            userId: p.userId,
            exportId: row.id,
            seq,
            resourceType: type,
            count: lines.length,
            content: `${lines.join('\n')}\n`,
          },
          tx,
        );
        done += lines.length;
        lines = [];
        await repo.update(p.userId, row.id, { done }, tx);
      };
      return {
        async add(resources: Resource[]) {
          for (const r of resources) {
            lines.push(JSON.stringify(r));
            if (lines.length >= LINES_PER_FILE) await flush();
          }
        },
        flush,
      };
    };
    // An app the operator disables stops (issue #16): each type's read checks it in its transaction, so
    // nothing is read after the disable, and the files of the types before go with the failure (run).
    const read: ExportAccess['read'] = (type, what, fn) =>
      access.read(type, what, async (tx) => {
        if (await isAppDisabled(tx, row.clientId)) throw appDisabled();
        return fn(tx);
      });
    // Nothing of a patient's readings is shared with the clinic as an Observation: no Observation read.
    const types = (row.types as ExportType[]).filter(
      (t) => t !== 'Observation' || access.observationQuery.keys.length > 0,
    );
    const observationQuery = { ...access.observationQuery, lastUpdated: since ? { gte: since } : {} };
    if (types.includes('Observation')) {
      const expected = await createObservationsRepo(ctx.database.db).count(p.userId, {
        ...observationQuery,
        limit: 0,
      });
      await repo.update(p.userId, row.id, { expected });
    }
    for (const type of types) {
      if (type === 'Patient') {
        await read(type, ['identity:profile'], async (tx) => {
          const user = await createUsersRepo(tx).findById(p.userId, tx);
          const w = writer(type, tx);
          if (user && (!since || user.updatedAt >= since)) await w.add([patientResource(user)]);
          await w.flush();
        });
      } else if (type === 'Device') {
        await read(type, ['devices'], async (tx) => {
          const w = writer(type, tx);
          const devices = (await createDevicesRepo(tx).list(p.userId, tx)).map(deviceResource);
          await w.add(devices.filter((d) => !since || new Date(d.meta!.lastUpdated!) >= since));
          await w.flush();
        });
      } else {
        await read(type, access.observationWhat, async (tx) => {
          const w = writer(type, tx);
          const obsRepo = createObservationsRepo(tx);
          let after: (typeof observationQuery)['after'];
          for (;;) {
            const page = await obsRepo.page(p.userId, { ...observationQuery, after, limit: PAGE }, tx);
            await w.add(await resolveObservations(p.userId, page, tx));
            if (page.length < PAGE) break;
            after = page[page.length - 1];
          }
          await w.flush();
        });
      }
    }
  }
}

/**
 * The kick-off's parameters (Bulk Data IG): Prefer respond-async, the NDJSON format, `_type` within
 * the types the token opens (`scopeOf` names the missing scope), `_since` an instant.
 */
export function parseKickOff(
  k: KickOff,
  allowed: readonly ExportType[],
  scopeOf: (t: ExportType) => string,
): { types: ExportType[]; since: Date | undefined } {
  if (!/(^|[\s,;])respond-async($|[\s,;])/.test(k.prefer ?? '')) {
    throw new Invalid('Bulk export needs the header Prefer: respond-async.');
  }
  const format = k.outputFormat?.split(';')[0]?.trim();
  if (format && !['application/fhir+ndjson', 'application/ndjson', 'ndjson'].includes(format)) {
    throw new Invalid('_outputFormat: only application/fhir+ndjson.');
  }
  let types: ExportType[];
  if (k.type) {
    const asked = [...new Set(k.type.split(',').map((t) => t.trim()))];
    const unknown = asked.filter((t) => !(exportTypes as readonly string[]).includes(t));
    if (unknown.length) throw new Invalid(`_type: only ${exportTypes.join(', ')}.`);
    types = asked as ExportType[];
    const missing = types.filter((t) => !allowed.includes(t));
    if (missing.length) throw insufficientScope(missing.map(scopeOf));
  } else {
    types = [...allowed];
    if (!types.length) throw insufficientScope(exportTypes.map(scopeOf));
  }
  // A '+' of the zone sent unencoded arrives as a space.
  const sinceText = k.since?.replace(/ /g, '+');
  if (sinceText !== undefined && !/^\d{4}-\d{2}-\d{2}T/.test(sinceText)) {
    throw new Invalid('_since: expected an instant (YYYY-MM-DDThh:mm:ss+zz:zz).');
  }
  const since = sinceText ? parseDateParam([`ge${sinceText}`], '_since').gte : undefined;
  return { types, since };
}

/** How one patient's export reads: who the access log names, and which Observations it may hold. */
interface ExportAccess {
  read: <T>(type: ExportType, what: string[], fn: (tx: Executor) => Promise<T>) => Promise<T>;
  observationWhat: string[];
  observationQuery: ReturnType<typeof parseObservationSearch>['query'];
}

/** A user's app: each type under its scope, recorded as the app's read (readAsPartner). */
function partnerExportAccess(ctx: AppContext, p: PartnerPrincipal): ExportAccess {
  return {
    read: (type, what, fn) =>
      readAsPartner(ctx, p, { requiredScope: SCOPES[type], purpose: PURPOSE, what }, fn),
    observationWhat: ['observations:all'],
    observationQuery: parseObservationSearch({}).query,
  };
}

/**
 * A clinic's EHR (Group export): the patient must share with the clinic now, and only the categories
 * they shared are read; each read is the clinic's (actor clinician) in the patient's access log.
 */
async function clinicExportAccess(
  ctx: AppContext,
  client: { clientId: string; clientName: string; clinicId: string },
  userId: string,
): Promise<ExportAccess> {
  const sharing = await clinicSharingPatients(ctx.database.db, client.clinicId, userId);
  const patient = sharing?.patients[0];
  if (!sharing || !patient) throw new NotFound('Patient');
  const actor = sharing.actor(client);
  return {
    read: (_type, what, fn) =>
      accessUserData(ctx, { actor, userId, purpose: EHR_PURPOSE, what, legalBasis: RPM_LEGAL_BASIS }, fn),
    observationWhat: patient.categories.map((c) => `readings:${c}`),
    observationQuery: observationQueryOfMetrics(patient.metrics),
  };
}
