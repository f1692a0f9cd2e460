import { metricsForDeviceKind, isDeviceKind } from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { requestMeta } from '../../lib/request-meta';
import { recordSecurityEvent } from '../accounts';
import { registerDeviceApiRoutes } from './device-api.routes';
import { seedDeviceCatalog } from './device-catalog';
import {
  credentialAnswerSchema,
  deviceIdParams,
  deviceModelSchema,
  deviceSchema,
  diagnosticSchema,
  pairBodySchema,
  patchDeviceBodySchema,
} from './devices.api-schemas';
import { createDevicesRepo } from './devices.repo';
import { createDevicesService } from './devices.service';
import { registerFactoryRoutes } from './factory.routes';
import { firmwareAdvice } from './firmware';
import { householdServiceOf, registerHouseholdRoutes } from './household.routes';

const tags = ['devices'];

/** Devices (P5, P6), the device sync API, households sharing a scale, and the factory registry. */
export async function registerDevices(app: FastifyInstance, ctx: AppContext) {
  await seedDeviceCatalog(ctx.database.db);
  const repo = createDevicesRepo(ctx.database.db);
  const service = createDevicesService({ db: ctx.database.db, repo, now: ctx.now });
  const households = householdServiceOf(ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/device-models',
    {
      schema: {
        security: [],
        tags,
        summary: 'The device catalog: models, what each may measure, firmware',
        response: { 200: z.array(deviceModelSchema) },
      },
    },
    async () => {
      const models = await repo.listModels();
      return Promise.all(
        models.map(async (m) => ({
          id: m.id,
          kind: m.kind,
          name: m.name,
          minFirmware: m.minFirmware,
          latestFirmware: firmwareAdvice(m.minFirmware, m.minFirmware, await repo.firmwareOf(m.id)).latest,
          metrics: isDeviceKind(m.kind) ? metricsForDeviceKind(m.kind).map((x) => x.id) : [],
        })),
      );
    },
  );

  r.post(
    '/api/devices/pair',
    {
      schema: {
        tags,
        summary: 'Pair a device by its serial number (or MAC) and the claim code on its screen',
        description: 'Answers the device credential once; it is stored hashed and cannot be shown again.',
        body: pairBodySchema,
        response: { 201: credentialAnswerSchema },
      },
      config: {
        // Claim codes are short: a wrong guess costs an attempt.
        rateLimit: { max: 20, timeWindow: '15 minutes', keyGenerator: (req) => req.auth?.userId ?? req.ip },
      },
    },
    async (req, reply) => {
      const { userId } = requireUser(req, 'devices:write');
      const result = await service.pair(userId, req.body);
      await recordSecurityEvent(ctx, requestMeta(req), {
        userId,
        action: 'device.paired',
        details: { deviceId: result.device.id, model: result.device.modelId },
      });
      return reply.status(201).send(result);
    },
  );

  r.get(
    '/api/devices',
    {
      schema: {
        tags,
        summary:
          "My devices (paired and unpaired), then the scales my households share (marked `household`: the owner's to manage)",
        response: { 200: z.array(deviceSchema) },
      },
    },
    async (req) => {
      const { userId } = requireUser(req, 'devices:read');
      const shared = await service.sharedWith(await households.activeHouseholds(userId));
      return [...(await service.list(userId)), ...shared];
    },
  );

  r.get(
    '/api/devices/:id',
    {
      schema: { tags, summary: 'One of my devices', params: deviceIdParams, response: { 200: deviceSchema } },
    },
    async (req) => service.get(requireUser(req, 'devices:read').userId, req.params.id),
  );

  r.patch(
    '/api/devices/:id',
    {
      schema: {
        tags,
        summary: 'Rename a device, or share a scale with my household',
        params: deviceIdParams,
        body: patchDeviceBodySchema,
        response: { 200: deviceSchema },
      },
    },
    async (req) => {
      const { userId } = requireUser(req, 'devices:write');
      let device = await service.get(userId, req.params.id);
      if (req.body.name !== undefined) device = await service.rename(userId, req.params.id, req.body.name);
      if (req.body.sharedWithHousehold !== undefined) {
        device = await service.setShared(userId, req.params.id, req.body.sharedWithHousehold);
      }
      return device;
    },
  );

  r.delete(
    '/api/devices/:id',
    {
      schema: {
        tags,
        summary: 'Unpair: the device credential stops working at once; its data stays with me',
        params: deviceIdParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const { userId } = requireUser(req, 'devices:write');
      await service.unpair(userId, req.params.id);
      await recordSecurityEvent(ctx, requestMeta(req), {
        userId,
        action: 'device.unpaired',
        details: { deviceId: req.params.id },
      });
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/devices/:id/credential',
    {
      schema: {
        tags,
        summary: 'Rotate the device credential (the old one stops working at once)',
        params: deviceIdParams,
        response: { 200: credentialAnswerSchema },
      },
    },
    async (req) => {
      const { userId } = requireUser(req, 'devices:write');
      const result = await service.rotateCredential(userId, req.params.id);
      await recordSecurityEvent(ctx, requestMeta(req), {
        userId,
        action: 'device.credential_rotated',
        details: { deviceId: req.params.id },
      });
      return result;
    },
  );

  r.post(
    '/api/devices/:id/re-pair',
    {
      schema: {
        tags,
        summary:
          'Re-pair a unit that activates itself (cellular): its credential stops working and it may activate once more with its claim code',
        params: deviceIdParams,
        response: { 200: deviceSchema },
      },
    },
    async (req) => {
      const { userId } = requireUser(req, 'devices:write');
      const device = await service.rePair(userId, req.params.id);
      await recordSecurityEvent(ctx, requestMeta(req), {
        userId,
        action: 'device.re_paired',
        details: { deviceId: req.params.id },
      });
      return device;
    },
  );

  r.get(
    '/api/devices/:id/diagnostics',
    {
      schema: {
        tags,
        summary: "A device's logs and battery readings (technical data, kept 90 days by default)",
        params: deviceIdParams,
        response: { 200: z.array(diagnosticSchema) },
      },
    },
    async (req) => {
      const { userId } = requireUser(req, 'devices:read');
      await service.get(userId, req.params.id);
      const rows = await repo.listDiagnostics(userId, req.params.id);
      return rows.map((d) => ({
        type: d.type,
        at: d.at.toISOString(),
        level: d.level,
        message: d.message,
        batteryPercent: d.batteryPercent,
      }));
    },
  );

  await registerDeviceApiRoutes(app, ctx);
  await registerHouseholdRoutes(app, ctx);
  await registerFactoryRoutes(app, ctx);
}
