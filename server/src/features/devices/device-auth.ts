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
  repo: Pick<DevicesRepo, 'findForRequest'>,
): Promise<DeviceRow> {
  const parts = deviceCredentialOf(req);
  return checkedDevice(await repo.findForRequest(parts.userId, parts.deviceId), parts);
}

export type DeviceCredentialParts = NonNullable<ReturnType<typeof parseDeviceCredential>>;

/** The request's device credential, parsed (not yet checked against its device): 401 when malformed. */
export function deviceCredentialOf(req: FastifyRequest): DeviceCredentialParts {
  const header = req.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  const parts = parseDeviceCredential(token);
  if (!parts) throw unauthorized();
  return parts;
}

/** The device the credential names, when it is paired and the secret is its own; else 401. */
export function checkedDevice(device: DeviceRow | undefined, parts: DeviceCredentialParts): DeviceRow {
  if (!device?.credentialHash || device.unpairedAt) throw unauthorized();
  if (!sameHash(device.credentialHash, hashSecret(parts.secret))) throw unauthorized();
  return device;
}

const unauthorized = () => new Unauthorized('A valid device credential is required.', 'device_unauthorized');
