import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../lib/context';
import { Invalid } from '../../lib/errors';
import { deviceCredentialOf, requireDevice } from './device-auth';
import {
  activateAnswerSchema,
  activateBodySchema,
  diagnosticsAnswerSchema,
  diagnosticsBodySchema,
  syncAnswerSchema,
  syncBodySchema,
  syncHeadersSchema,
} from './devices.api-schemas';
import { createDevicesRepo } from './devices.repo';
import { createHealthDataPorts } from './health-data-port';
import { createHouseholdRepo } from './household.repo';
import { createSyncRepo } from './sync.repo';
import { createSyncService, SYNC_MAX_BYTES } from './sync.service';
import { createUnitPairing } from './unit-pairing';

const tags = ['device API'];
const security = [{ bearer: [] }];

/**
 * Routes a device calls with its own credential (`Authorization: Bearer vbd_…`), never a user's:
 * `sessionCookie: false` (lib/route-rules.ts), so a browser's cookie opens nothing here.
 */
export async function registerDeviceApiRoutes(app: FastifyInstance, ctx: AppContext) {
  const db = ctx.database.db;
  const devices = createDevicesRepo(db);
  const { ingest, latestWeight } = createHealthDataPorts(ctx);
  const sync = createSyncService({
    db,
    devices,
    requests: createSyncRepo(db),
    household: createHouseholdRepo(db),
    ingest,
    latestWeight,
    now: ctx.now,
  });
  const pairing = createUnitPairing(ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/device/sync',
    {
      bodyLimit: SYNC_MAX_BYTES,
      schema: {
        tags,
        security,
        summary: 'Upload a batch of readings, series and sessions (idempotent by key)',
        description:
          'At most 5,000 items and 2 MB (413 beyond). Send an `Idempotency-Key` header (or `idempotencyKey`): the same key again answers the stored answer and stores nothing; the same key with another body is 409. Each item is validated on its own and listed in `results`.',
        headers: syncHeadersSchema,
        body: syncBodySchema,
        response: { 200: syncAnswerSchema },
      },
      config: {
        sessionCookie: false,
        // A bad item is refused alone (per-item errors), so the rest of the batch is stored.
        itemsCheckedAlone: ['items'],
        rateLimit: {
          max: 120,
          timeWindow: '1 minute',
          keyGenerator: (req) => (req.headers.authorization ?? req.ip).slice(0, 90),
        },
      },
    },
    async (req, reply) => {
      const credential = deviceCredentialOf(req);
      const key = req.headers['idempotency-key'] ?? req.body.idempotencyKey;
      const keysDiffer =
        req.body.idempotencyKey && req.headers['idempotency-key'] && req.body.idempotencyKey !== key;
      if (!key || keysDiffer) {
        await requireDevice(req, devices); // a bad credential is 401 before the key's 400
        if (!key) throw new Invalid('Send an Idempotency-Key header (or an idempotencyKey field).');
        throw new Invalid('The Idempotency-Key header and the idempotencyKey field differ.');
      }
      // The credential is checked against its device in the sync's first statement (sync.service.ts).
      const { answer, replayed } = await sync.sync(credential, {
        key,
        device: req.body.device,
        items: req.body.items,
      });
      // A sync that stored marked the account used in its last statement (sync.repo.ts `finish`).
      if (replayed) reply.header('idempotent-replayed', 'true');
      return answer;
    },
  );

  r.post(
    '/api/device/activate',
    {
      schema: {
        tags,
        security: [],
        summary: 'A cellular unit fetches the credential of the account it was paired to (by a clinic)',
        description:
          'The unit proves itself with its serial and claim code, once per pairing: a second call is 409 `device_already_activated` (the owner or the clinic re-pairs the unit to let it activate again). Not paired yet: 409 `device_not_paired`.',
        body: activateBodySchema,
        response: { 200: activateAnswerSchema },
      },
      config: {
        sessionCookie: false,
        // Claim codes are short: a wrong guess costs an attempt, counted per unit (the serial named),
        // so a fleet behind one mobile network's address is not limited together.
        rateLimit: {
          max: 20,
          timeWindow: '15 minutes',
          hook: 'preHandler',
          keyGenerator: (req) =>
            `activate:${(req.body as { serial?: string } | undefined)?.serial ?? req.ip}`,
        },
      },
    },
    async (req) => pairing.activate(req.body.serial, req.body.claimCode),
  );

  r.post(
    '/api/device/diagnostics',
    {
      schema: {
        tags,
        security,
        summary: 'Upload logs and battery readings (technical data; kept 90 days by default)',
        body: diagnosticsBodySchema,
        response: { 202: diagnosticsAnswerSchema },
      },
      config: { sessionCookie: false },
    },
    async (req, reply) => {
      const device = await requireDevice(req, devices);
      const receivedAt = ctx.now();
      const { logs, battery } = req.body;
      await devices.insertDiagnostics([
        ...logs.map((l) => ({
          userId: device.userId,
          deviceId: device.id,
          type: 'log' as const,
          at: new Date(l.at),
          level: l.level,
          message: l.message,
          receivedAt,
        })),
        ...battery.map((b) => ({
          userId: device.userId,
          deviceId: device.id,
          type: 'battery' as const,
          at: new Date(b.at),
          batteryPercent: b.percent,
          receivedAt,
        })),
      ]);
      const latest = [...battery].sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
      if (latest) await devices.update(device.userId, device.id, { battery: Math.round(latest.percent) });
      return reply.status(202).send({ accepted: { logs: logs.length, battery: battery.length } });
    },
  );
}
