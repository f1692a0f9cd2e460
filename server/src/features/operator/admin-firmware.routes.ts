import {
  firmwareCatalogSchema,
  firmwarePublishBody,
  firmwareVersionSchema,
  firmwareVersionText,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { createFirmwareCatalog } from '../devices';
import { createOperatorGate } from './operator-gate';
import { recordStaffAction } from './staff-actions';

/**
 * Firmware versions per device model in the console (issue #16, operator admin): publish a version
 * with the file the devices fetch, list them, mark one required later. Each change is audited.
 */
export async function registerAdminFirmwareRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const gate = createOperatorGate(ctx);
  const catalog = createFirmwareCatalog(ctx);
  const tags = ['admin'];

  r.get(
    '/api/admin/firmware',
    {
      schema: {
        tags,
        summary: 'Device models and their published firmware versions, newest first (operator admin)',
        querystring: z.strictObject({ model: z.string().trim().min(1).max(100).optional() }),
        response: { 200: firmwareCatalogSchema },
      },
    },
    async (req) => {
      await gate.require(req, 'operator_admin');
      return catalog.list(req.query.model);
    },
  );

  r.post(
    '/api/admin/firmware',
    {
      schema: {
        tags,
        summary:
          'Publish a firmware version for a model: its file URL and SHA-256, required or not (audited)',
        description:
          'Devices of the model running an older version are offered it in their sync answer. The same version twice is 409 `firmware_version_exists`.',
        body: firmwarePublishBody,
        response: { 201: firmwareVersionSchema },
      },
    },
    async (req, reply) => {
      const actor = await gate.require(req, 'operator_admin');
      const published = await catalog.publish(req.body);
      await recordStaffAction(ctx, req, actor, 'staff_firmware_published', {
        model: published.model,
        version: published.version,
        required: published.required,
      });
      return reply.code(201).send(published);
    },
  );

  r.post(
    '/api/admin/firmware/:model/:version/require',
    {
      schema: {
        tags,
        summary: 'Mark a published version required: devices below it must update (operator admin; audited)',
        params: z.object({ model: z.string().trim().min(1).max(100), version: firmwareVersionText }),
        response: { 200: firmwareVersionSchema },
      },
    },
    async (req) => {
      const actor = await gate.require(req, 'operator_admin');
      const marked = await catalog.markRequired(req.params.model, req.params.version);
      await recordStaffAction(ctx, req, actor, 'staff_firmware_required', {
        model: marked.model,
        version: marked.version,
      });
      return marked;
    },
  );
}
