import type { Bundle, Device, Observation, Patient, Resource } from '@medplum/fhirtypes';
import type { AppContext } from '../../lib/context';
import { NotFound } from '../../lib/errors';
import { createUsersRepo } from '../accounts';
import { createDevicesRepo } from '../devices';
import { insufficientScope } from '../oauth';
import { type PartnerPrincipal, readAsPartner } from '../oauth';
import { encodeObservationCursor, parseObservationSearch, type RawParams } from './observation-search';
import { createObservationsRepo } from '../health-data';
import { resolveObservations } from './observation-resolve';
import { deviceResource } from './resources/device';
import { parseObservationId } from './resources/observation';
import { patientResource } from './resources/patient';
import { all, parsePatientParam } from './search-params';

export const SCOPES = {
  Patient: 'patient/Patient.rs',
  Observation: 'patient/Observation.rs',
  Device: 'patient/Device.rs',
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const PURPOSE = 'Read by an app you connected, through the FHIR API';

/** Where links point: the server's FHIR base and the request's own query (for self and next). */
export interface SearchLinks {
  base: string;
  /** The query string as sent, without the leading '?'. */
  query: string;
}

function searchset<T extends Resource>(
  type: string,
  links: SearchLinks,
  resources: T[],
  opts: { total?: number; next?: string },
): Bundle<T> {
  const self = `${links.base}/${type}${links.query ? `?${links.query}` : ''}`;
  const link: NonNullable<Bundle['link']> = [{ relation: 'self', url: self }];
  if (opts.next) {
    const q = new URLSearchParams(links.query);
    q.set('_cursor', opts.next);
    link.push({ relation: 'next', url: `${links.base}/${type}?${q}` });
  }
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(opts.total !== undefined ? { total: opts.total } : {}),
    link,
    // FHIR JSON never holds an empty array: an empty searchset has no `entry` at all.
    ...(resources.length
      ? {
          entry: resources.map((resource) => ({
            fullUrl: `${links.base}/${type}/${resource.id}`,
            resource,
            search: { mode: 'match' as const },
          })),
        }
      : {}),
  };
}

/** Is the token's patient in every list of `patient`/`subject` values? (No list: yes.) */
function asksForOwnPatient(p: PartnerPrincipal, patients: string[][]): boolean {
  return patients.every((alternatives) => alternatives.includes(p.userId));
}

function requireScope(p: PartnerPrincipal, scope: string) {
  if (!p.scopes.includes(scope)) throw insufficientScope([scope]);
}

export function createFhirService(ctx: AppContext) {
  const read = <T>(
    p: PartnerPrincipal,
    scope: string,
    what: string[],
    fn: Parameters<typeof readAsPartner<T>>[3],
  ) => readAsPartner(ctx, p, { requiredScope: scope, purpose: PURPOSE, what }, fn);

  return {
    /** The token's user; any other id is 404 (its existence is not revealed). */
    async readPatient(p: PartnerPrincipal, id: string): Promise<Patient> {
      requireScope(p, SCOPES.Patient);
      if (id !== p.userId) throw new NotFound('Patient');
      const user = await read(p, SCOPES.Patient, ['identity:profile'], (tx) =>
        createUsersRepo(tx).findById(p.userId, tx),
      );
      if (!user) throw new NotFound('Patient');
      return patientResource(user);
    },

    async searchPatients(
      p: PartnerPrincipal,
      params: RawParams,
      links: SearchLinks,
    ): Promise<Bundle<Patient>> {
      requireScope(p, SCOPES.Patient);
      const ids = [...parsePatientParam(all(params._id), '_id')];
      if (!asksForOwnPatient(p, ids)) return searchset('Patient', links, [], { total: 0 });
      const patient = await this.readPatient(p, p.userId);
      return searchset('Patient', links, [patient], { total: 1 });
    },

    async readDevice(p: PartnerPrincipal, id: string): Promise<Device> {
      requireScope(p, SCOPES.Device);
      if (!UUID.test(id)) throw new NotFound('Device');
      const device = await read(p, SCOPES.Device, ['devices'], (tx) =>
        createDevicesRepo(tx).find(p.userId, id, tx),
      );
      if (!device) throw new NotFound('Device');
      return deviceResource(device);
    },

    async searchDevices(p: PartnerPrincipal, params: RawParams, links: SearchLinks): Promise<Bundle<Device>> {
      requireScope(p, SCOPES.Device);
      const patients = parsePatientParam(all(params.patient), 'patient');
      if (!asksForOwnPatient(p, patients)) return searchset('Device', links, [], { total: 0 });
      const devices = await read(p, SCOPES.Device, ['devices'], (tx) =>
        createDevicesRepo(tx).list(p.userId, tx),
      );
      const resources = devices.map(deviceResource);
      return searchset('Device', links, resources, { total: resources.length });
    },

    async readObservation(p: PartnerPrincipal, id: string): Promise<Observation> {
      requireScope(p, SCOPES.Observation);
      const ref = parseObservationId(id);
      if (!ref) throw new NotFound('Observation');
      const found = await read(p, SCOPES.Observation, [`observations:${ref.key}`], async (tx) =>
        resolveObservations(p.userId, [ref], tx),
      );
      if (!found[0]) throw new NotFound('Observation');
      return found[0];
    },

    async searchObservations(
      p: PartnerPrincipal,
      params: RawParams,
      links: SearchLinks,
    ): Promise<Bundle<Observation>> {
      requireScope(p, SCOPES.Observation);
      const search = parseObservationSearch(params);
      const q = search.query;
      if (!asksForOwnPatient(p, search.patients) || q.keys.length === 0) {
        return searchset('Observation', links, [], { total: 0 });
      }
      const what = q.keys.length <= 10 ? q.keys.map((k) => `observations:${k}`) : ['observations:all'];
      return read(p, SCOPES.Observation, what, async (tx) => {
        const repo = createObservationsRepo(tx);
        const rows = q.count === 0 ? [] : await repo.page(p.userId, { ...q, limit: q.count + 1 }, tx);
        const pageRows = rows.slice(0, q.count);
        const resources = await resolveObservations(p.userId, pageRows, tx);
        const last = pageRows[pageRows.length - 1];
        const next = rows.length > q.count && last ? encodeObservationCursor(last, q.descending) : undefined;
        const total = search.withTotal
          ? await repo.count(p.userId, { ...q, after: undefined, limit: 0 }, tx)
          : undefined;
        return searchset('Observation', links, resources, {
          ...(total !== undefined ? { total } : {}),
          ...(next ? { next } : {}),
        });
      });
    },
  };
}
