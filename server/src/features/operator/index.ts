// The operator feature's public face (issue #16: staff roles and the console): the only file another
// feature imports (docs/architecture.md). Other console features build on `createOperatorGate`.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../lib/context';
import { registerAdminCatalogRoutes } from './admin-catalog.routes';
import { registerAdminConsoleRoutes } from './admin-console.routes';
import { registerAdminFirmwareRoutes } from './admin-firmware.routes';
import { registerAdminMeRoutes } from './admin-me.routes';
import { registerStaffRoutes } from './staff.routes';

export { createOperatorGate } from './operator-gate';
export { forgetStaffInOperator } from './erasure';
export { staffDisplayNames } from './staff-names';
export { createStaffService } from './staff.service';

export async function registerOperator(app: FastifyInstance, ctx: AppContext) {
  await registerAdminMeRoutes(app, ctx);
  await registerStaffRoutes(app, ctx);
  await registerAdminConsoleRoutes(app, ctx);
  await registerAdminCatalogRoutes(app, ctx);
  await registerAdminFirmwareRoutes(app, ctx);
}
