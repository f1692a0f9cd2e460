import type { FastifyRequest } from 'fastify';
import { Unauthorized } from '../../lib/errors';
import { parseDeviceCredential, sameHash, hashSecret } from './device-credential';
import type { DeviceRow, DevicesRepo } from './devices.repo';

/**
 * Device routes (/api/device/…) take only a device credential, checked here at the route; the
 * accounts auth hook knows nothing of `vbd_` credentials, so one can never open a user route, and a
 * user's session or token never opens a device route.
 */
export async function requireDevice(
  req: FastifyRequest,
  repo: Pick<DevicesRepo, 'find'>,
): Promise<DeviceRow> {
  const header = req.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  const parts = parseDeviceCredential(token);
  const fail = () => new Unauthorized('A valid device credential is required.', 'device_unauthorized');
  if (!parts) throw fail();
  const device = await repo.find(parts.userId, parts.deviceId);
  if (!device?.credentialHash || device.unpairedAt) throw fail();
  if (!sameHash(device.credentialHash, hashSecret(parts.secret))) throw fail();
  return device;
}
