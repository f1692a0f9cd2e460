import type { Device } from '@medplum/fhirtypes';
import { patientReference } from './observation';
import { VITALBASE_DEVICE_KIND_SYSTEM } from './systems';
import { fhirInstant } from './fhir-time';

/** What the mapper reads of a paired device (a `DeviceRow` fits). Technical data (Wi-Fi, battery) stays out. */
export interface DeviceInput {
  id: string;
  userId: string;
  modelId: string;
  kind: string;
  name: string;
  serial: string;
  firmware: string;
  activatedAt: Date;
  lastSyncAt: Date | null;
  unpairedAt: Date | null;
  createdAt: Date;
}

/** The last change we know of: pairing, a sync (firmware may have changed) or unpairing. */
function lastUpdated(d: DeviceInput): Date {
  const times = [d.createdAt, d.activatedAt, d.lastSyncAt, d.unpairedAt].filter((t): t is Date => !!t);
  return new Date(Math.max(...times.map((t) => t.getTime())));
}

/** A device the user paired; an unpaired one stays (its readings still name it), inactive. */
export function deviceResource(d: DeviceInput): Device {
  return {
    resourceType: 'Device',
    id: d.id,
    meta: { lastUpdated: fhirInstant(lastUpdated(d)) },
    status: d.unpairedAt ? 'inactive' : 'active',
    serialNumber: d.serial,
    deviceName: [{ name: d.name, type: 'user-friendly-name' }],
    modelNumber: d.modelId,
    type: {
      coding: [{ system: VITALBASE_DEVICE_KIND_SYSTEM, code: d.kind }],
      text: d.kind.replace(/_/g, ' '),
    },
    version: [{ value: d.firmware }],
    patient: patientReference(d.userId),
  };
}
