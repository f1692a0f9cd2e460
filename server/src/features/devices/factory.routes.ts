import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../lib/context';
import { Invalid, Unauthorized } from '../../lib/errors';
import { hashClaimCode, normalizeMac, sameHash } from './device-credential';
import { factoryUnitsAnswerSchema, factoryUnitsBodySchema } from './devices.api-schemas';
import { createDevicesRepo } from './devices.repo';
import { factoryKey } from './factory-key';

/**
 * The operator path of the factory registry: a production line (or `vitalbase simulate`) registers the
 * units it made, with their claim codes, before anyone can pair them. Authenticated by the instance's
 * factory key (factory-key.ts), never by a user's session or token.
 */
export async function registerFactoryRoutes(app: FastifyInstance, ctx: AppContext) {
  const repo = createDevicesRepo(ctx.database.db);
  const key = factoryKey(ctx.config.cookieSecret);
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/factory/units',
    {
      schema: {
        tags: ['operator'],
        summary: 'Register manufactured units (operator: Authorization: Bearer <factory key>)',
        security: [{ bearer: [] }],
        body: factoryUnitsBodySchema,
        response: { 201: factoryUnitsAnswerSchema },
      },
      config: { sessionCookie: false },
    },
    async (req, reply) => {
      const header = req.headers.authorization ?? '';
      const given = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
      if (!given || !sameHash(given, key))
        throw new Unauthorized('The factory key is required.', 'factory_unauthorized');
      const units = [];
      for (const u of req.body.units) {
        const model = await repo.findModel(u.modelId);
        if (!model) throw new Invalid('Unknown device model.', { modelId: u.modelId });
        const inserted = await repo.insertUnit({
          serial: u.serial,
          mac: normalizeMac(u.mac),
          modelId: model.id,
          claimCodeHash: await hashClaimCode(u.claimCode),
          factoryFirmware: u.firmware ?? model.minFirmware,
        });
        const unit = inserted ?? (await repo.findUnit({ serial: u.serial }));
        if (!unit) throw new Invalid('A unit with this MAC address already exists under another serial.');
        units.push({
          serial: unit.serial,
          manufacturingId: unit.id,
          status: inserted ? 'created' : 'exists',
        } as const);
      }
      return reply.status(201).send({ units });
    },
  );
}
