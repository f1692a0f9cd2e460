import { createReadStream } from 'node:fs';
import {
  disclosureInputSchema,
  disclosureListSchema,
  disclosureSchema,
  processorInputSchema,
  processorListSchema,
  processorSchema,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { recordSecurityEvent } from '../accounts';
import { createOperatorGate } from '../operator';
import { createDisclosuresService, presentDisclosure } from './disclosures.service';
import { createProcessorsService } from './processors.service';

const tags = ['admin'];
const idParams = z.object({ id: z.uuid() });

/**
 * Legal disclosures (privacy_officer) and the processors register (privacy_officer; public read in
 * the privacy center). docs/privacy.md.
 */
export async function registerLegal(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const gate = createOperatorGate(ctx);
  const disclosures = createDisclosuresService(ctx);
  const processors = createProcessorsService(ctx);
  const staffEvent = (userId: string, action: string, details: Record<string, unknown>) =>
    recordSecurityEvent(ctx, undefined, { userId, actorType: 'operator', actorId: userId, action, details });

  r.get(
    '/api/privacy/processors',
    {
      schema: {
        security: [],
        tags: ['privacy'],
        summary: 'The operator’s processors and international transfers (name, purpose, country, safeguard)',
        response: { 200: processorListSchema },
      },
    },
    async () => ({ processors: await processors.list() }),
  );

  r.get(
    '/api/admin/disclosures',
    {
      schema: {
        tags,
        summary: 'The legal disclosures register, newest first (privacy_officer)',
        response: { 200: disclosureListSchema },
      },
    },
    async (req) => {
      await gate.require(req, 'privacy_officer');
      return { disclosures: (await disclosures.list()).map(presentDisclosure) };
    },
  );

  r.post(
    '/api/admin/disclosures',
    {
      schema: {
        tags,
        summary: 'Record a legal disclosure; the user is told unless the order forbids it (privacy_officer)',
        body: disclosureInputSchema,
        response: { 201: disclosureSchema },
      },
    },
    async (req, reply) => {
      const actor = await gate.require(req, 'privacy_officer');
      const row = await disclosures.record(actor.userId, req.body);
      return reply.status(201).send(presentDisclosure(row));
    },
  );

  r.get(
    '/api/admin/disclosures/:id/export',
    {
      schema: {
        tags,
        summary: 'The archive for a recorded disclosure, built like "Download my data" (privacy_officer)',
        params: idParams,
        produces: ['application/zip'],
        response: { 200: z.any().describe('a ZIP archive') },
      },
    },
    async (req, reply) => {
      const actor = await gate.require(req, 'privacy_officer');
      const { file, cleanup, row } = await disclosures.exportFor(req.params.id);
      await staffEvent(actor.userId, 'legal_disclosure_exported', {
        disclosureId: row.id,
        caseRef: row.caseRef,
      });
      const stream = createReadStream(file);
      stream.on('close', () => void cleanup());
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', 'attachment; filename="disclosure.zip"')
        .send(stream);
    },
  );

  r.get(
    '/api/admin/processors',
    {
      schema: {
        tags,
        summary: 'The processors register (privacy_officer)',
        response: { 200: processorListSchema },
      },
    },
    async (req) => {
      await gate.require(req, 'privacy_officer');
      return { processors: await processors.list() };
    },
  );

  r.post(
    '/api/admin/processors',
    {
      schema: {
        tags,
        summary: 'Add a processor or transfer (privacy_officer)',
        body: processorInputSchema,
        response: { 201: processorSchema },
      },
    },
    async (req, reply) => {
      const actor = await gate.require(req, 'privacy_officer');
      const added = await processors.add(req.body);
      await staffEvent(actor.userId, 'processor_added', { processorId: added.id });
      return reply.status(201).send(added);
    },
  );

  r.put(
    '/api/admin/processors/:id',
    {
      schema: {
        tags,
        summary: 'Change a processor (privacy_officer)',
        params: idParams,
        body: processorInputSchema,
        response: { 200: processorSchema },
      },
    },
    async (req) => {
      const actor = await gate.require(req, 'privacy_officer');
      const changed = await processors.update(req.params.id, req.body);
      await staffEvent(actor.userId, 'processor_changed', { processorId: changed.id });
      return changed;
    },
  );

  r.delete(
    '/api/admin/processors/:id',
    {
      schema: {
        tags,
        summary: 'Remove a processor from the register (privacy_officer)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const actor = await gate.require(req, 'privacy_officer');
      await processors.remove(req.params.id);
      await staffEvent(actor.userId, 'processor_removed', { processorId: req.params.id });
      return reply.status(204).send(null);
    },
  );
}
