import {
  apiErrorSchema,
  readingIdParamsSchema,
  readingNoteInputSchema,
  readingNoteOutSchema,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../lib/auth';
import type { Db } from '../../db/client';
import { createNotesService } from './notes.service';
import type { NotesRepo } from './notes.repo';
import type { ReadingsRepo } from './readings.repo';

const tags = ['health-data'];
const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema };

/** The user's note and tags on a reading: /api/health-data/readings/:id/note (the text never in a URL). */
export function registerReadingNotes(
  app: FastifyInstance,
  deps: { db: Db; now: () => Date; readings: ReadingsRepo; notes: NotesRepo },
) {
  const notes = createNotesService(deps);
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.put(
    '/api/health-data/readings/:id/note',
    {
      schema: {
        tags,
        summary:
          'Set the note and tags of a reading (note ≤ 1,000 characters, ≤ 10 tags of ≤ 32; an empty note without tags removes it)',
        params: readingIdParamsSchema,
        body: readingNoteInputSchema,
        response: { 200: readingNoteOutSchema, ...errors },
      },
    },
    async (req) => notes.put(requireUser(req, 'health:write').userId, req.params.id, req.body),
  );

  r.delete(
    '/api/health-data/readings/:id/note',
    {
      schema: {
        tags,
        summary: 'Remove the note and tags of a reading',
        params: readingIdParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await notes.remove(requireUser(req, 'health:write').userId, req.params.id);
      return reply.status(204).send(null);
    },
  );
}
