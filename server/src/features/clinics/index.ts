// The clinics feature's public face (issue #15, remote patient monitoring): the only file another
// feature imports (docs/architecture.md).
import { remoteMonitoringWording } from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../lib/context';
import { registerBackendClientRoutes } from './backend-client.routes';
import { registerCareRoutes } from './care.routes';
import { registerClinicRoutes } from './clinics.routes';
import { registerClinicDeviceRoutes } from './devices.routes';
import { createClinicDevicesService } from './devices.service';
import { registerMonitoringRoutes } from './monitoring.routes';
import { registerReportRoutes } from './report.routes';
import { registerSharingRoutes } from './sharing.routes';
import { createStaffService } from './staff.service';

export { registerClinicBackendClientAsOperator } from './backend-client.routes';
export { assertClinicShare, assertClinicShares, RPM_LEGAL_BASIS } from './clinic-access';
export { clinicSharingPatients, EHR_PURPOSE } from './ehr-access';
export { clinicJobs } from './clinics.jobs';
export { CLINIC_TARGET_PREFIX, clinicWebhookTarget } from './escalation.service';
export { evaluateThresholds, IS_ENROLLED } from './monitoring-evaluate';
export { clinicStaff } from './clinics.schema';
export { forgetUserInClinics } from './erasure';
export { RPM_CONSENT } from './invitations.service';

/** The wording registered with consents for the purpose RPM_CONSENT (one record per clinic). */
export const rpmConsentWording = remoteMonitoringWording;

export async function registerClinics(app: FastifyInstance, ctx: AppContext) {
  await registerClinicRoutes(app, ctx);
  await registerSharingRoutes(app, ctx);
  await registerMonitoringRoutes(app, ctx);
  await registerCareRoutes(app, ctx);
  await registerReportRoutes(app, ctx);
  await registerClinicDeviceRoutes(app, ctx);
  await registerBackendClientRoutes(app, ctx);
}

/** `vitalbase clinic add-device`: a unit into a clinic's stock by its serial and claim code. */
export function addClinicDeviceAsOperator(
  ctx: AppContext,
  opts: { clinicId: string; serial: string; claimCode: string; cellular: boolean },
) {
  const { clinicId, ...body } = opts;
  return createClinicDevicesService(ctx).registerAsOperator(clinicId, body);
}

/** `vitalbase clinic create --name … --admin EMAIL`: the clinic and its first administrator. */
export async function createClinicAsOperator(ctx: AppContext, opts: { name: string; adminEmail: string }) {
  const { clinic, admin } = await createStaffService(ctx).createClinic(opts);
  return { id: clinic.id, name: clinic.name, admin };
}
