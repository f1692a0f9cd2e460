import {
  adjacentDayOutSchema,
  adjacentDayQuerySchema,
  aggregatesOutSchema,
  aggregatesQuerySchema,
  apiErrorSchema,
  changesOutSchema,
  changesQuerySchema,
  derivedOutSchema,
  derivedQuerySchema,
  latestOutSchema,
  manualReadingSchema,
  metrics,
  readingIdParamsSchema,
  readingOutSchema,
  readingPatchSchema,
  readingsPageSchema,
  readingsQuerySchema,
  sessionOutSchema,
  sessionsPageSchema,
  sessionsQuerySchema,
  summaryOutSchema,
  timeseriesOutSchema,
  timeseriesQuerySchema,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { NotFound } from '../../lib/errors';
import { createDerivedRepo } from './derived.repo';
import { createDerivedService } from './derived.service';
import { createHealthDataIngest } from './ingest.service';
import { createNotesRepo } from './notes.repo';
import { registerReadingNotes } from './notes.routes';
import { createQueryService } from './query.service';
import { createReadingsRepo } from './readings.repo';
import { createRectificationService } from './rectification.service';
import { createSeriesRepo } from './series.repo';
import { createSessionsRepo } from './sessions.repo';
import { createSummaryService } from './summary.service';
import { createTimelineService } from './timeline.service';

const tags = ['health-data'];
const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema };
const READ = 'health:read';

/**
 * The 200 answer as JSON.stringify writes it, without zod re-validating our own output: on a year-long
 * chart (≈ 1,500 buckets built from typed arrays) zod's copy of every bucket cost ~8 % of the request's
 * CPU (issue 17). The schema still documents the route; series.int.test.ts checks answers against it.
 * Other statuses keep zod's serializer.
 */
const unvalidatedOk = (route: { httpStatus?: string }) =>
  route.httpStatus === '200'
    ? (data: unknown) => JSON.stringify(data)
    : serializerCompiler(route as Parameters<typeof serializerCompiler>[0]);
const WRITE = 'health:write';

/** The health data store's API for the app, the CLI and personal access tokens: /api/health-data/… */
export async function registerHealthData(app: FastifyInstance, ctx: AppContext) {
  const db = ctx.database.db;
  const readings = createReadingsRepo(db);
  const series = createSeriesRepo(db);
  const sessions = createSessionsRepo(db);
  const derivedRepo = createDerivedRepo(db);
  const notes = createNotesRepo(db);
  const query = createQueryService({
    db,
    now: ctx.now,
    readings,
    series,
    sessions,
    derived: derivedRepo,
    notes,
  });
  const summary = createSummaryService({ db, now: ctx.now, query, derived: derivedRepo });
  const rectification = createRectificationService({
    db,
    now: ctx.now,
    ingest: createHealthDataIngest(ctx),
    readings,
    sessions,
    derived: createDerivedService({ readings, series, sessions, derived: derivedRepo }),
  });
  const timeline = createTimelineService({ readings });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/health-data/catalog',
    {
      schema: {
        security: [],
        tags,
        summary: 'The data catalog: metrics, units, ranges, codes, device kinds',
      },
    },
    async () => ({
      metrics: metrics.map((m) => ({ ...m, units: Object.keys(m.units) })),
    }),
  );

  r.post(
    '/api/health-data/readings',
    {
      schema: {
        tags,
        summary: 'Add a reading by hand (source manual)',
        body: manualReadingSchema,
        response: { 201: readingOutSchema, 409: apiErrorSchema, ...errors },
      },
    },
    async (req, reply) => {
      const { userId } = requireUser(req, WRITE);
      return reply.status(201).send(await rectification.add(userId, req.body));
    },
  );

  r.get(
    '/api/health-data/readings',
    {
      schema: {
        tags,
        summary: 'Readings holding a metric in [from, to), oldest first, cursor-paginated',
        querystring: readingsQuerySchema,
        response: { 200: readingsPageSchema, ...errors },
      },
      // The app's most frequent read: zod's copy of 30-100 readings was ~10 % of its CPU (issue 17);
      // readings-statements.int.test.ts checks the answer is byte for byte what zod would write.
      serializerCompiler: unvalidatedOk,
    },
    async (req) => query.readings(requireUser(req, READ).userId, req.query),
  );

  r.get(
    '/api/health-data/timeline/adjacent-day',
    {
      schema: {
        tags,
        summary:
          'The nearest local day before or after a day holding readings (the timeline skips empty days)',
        querystring: adjacentDayQuerySchema,
        response: { 200: adjacentDayOutSchema, ...errors },
      },
    },
    async (req) => timeline.adjacentDay(requireUser(req, READ).userId, req.query),
  );

  r.get(
    '/api/health-data/readings/:id',
    {
      schema: {
        tags,
        summary: 'One reading',
        params: readingIdParamsSchema,
        response: { 200: readingOutSchema, ...errors },
      },
    },
    async (req) => {
      const found = await query.reading(requireUser(req, READ).userId, req.params.id);
      if (!found) throw new NotFound('Reading');
      return found;
    },
  );

  r.patch(
    '/api/health-data/readings/:id',
    {
      schema: {
        tags,
        summary: 'Correct a reading: its time and/or values (the original value is kept)',
        params: readingIdParamsSchema,
        body: readingPatchSchema,
        response: { 200: readingOutSchema, ...errors },
      },
    },
    async (req) => rectification.correct(requireUser(req, WRITE).userId, req.params.id, req.body),
  );

  r.delete(
    '/api/health-data/readings/:id',
    {
      schema: {
        tags,
        summary: 'Delete a reading (gone from every query)',
        params: readingIdParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await rectification.remove(requireUser(req, WRITE).userId, req.params.id);
      return reply.status(204).send(null);
    },
  );

  registerReadingNotes(app, { db, now: ctx.now, readings, notes });

  r.get(
    '/api/health-data/changes',
    {
      schema: {
        tags,
        summary:
          'Everything changed since an instant (deletions included), for another browser or device to catch up',
        querystring: changesQuerySchema,
        response: { 200: changesOutSchema, ...errors },
      },
    },
    async (req) => query.changes(requireUser(req, READ).userId, req.query),
  );

  r.get(
    '/api/health-data/timeseries',
    {
      schema: {
        tags,
        summary: 'A metric downsampled on the server: min/max/mean/count per bucket (≤ 2,000 buckets)',
        querystring: timeseriesQuerySchema,
        response: { 200: timeseriesOutSchema, ...errors },
      },
      serializerCompiler: unvalidatedOk,
    },
    async (req) => query.timeseries(requireUser(req, READ).userId, req.query),
  );

  r.get(
    '/api/health-data/aggregates',
    {
      schema: {
        tags,
        summary: "Daily, weekly or monthly aggregates in the user's local days",
        querystring: aggregatesQuerySchema,
        response: { 200: aggregatesOutSchema, ...errors },
      },
    },
    async (req) => query.aggregates(requireUser(req, READ).userId, req.query),
  );

  r.get(
    '/api/health-data/latest',
    {
      schema: {
        tags,
        summary: 'The latest value of each metric, and of each derived value',
        response: { 200: latestOutSchema, ...errors },
      },
    },
    async (req) => query.latest(requireUser(req, READ).userId),
  );

  r.get(
    '/api/health-data/summary',
    {
      schema: {
        tags,
        summary:
          "The dashboard: per metric the latest value, the last 28 local days, this week's and last week's average",
        response: { 200: summaryOutSchema, ...errors },
      },
    },
    async (req) => summary.summary(requireUser(req, READ).userId),
  );

  r.get(
    '/api/health-data/sessions',
    {
      schema: {
        tags,
        summary: 'Sleep and workout sessions overlapping [from, to), with their stages and events',
        querystring: sessionsQuerySchema,
        response: { 200: sessionsPageSchema, ...errors },
      },
    },
    async (req) => query.sessions(requireUser(req, READ).userId, req.query),
  );

  r.get(
    '/api/health-data/sessions/:id',
    {
      schema: {
        tags,
        summary: 'One session',
        params: z.object({ id: z.uuid() }),
        response: { 200: sessionOutSchema, ...errors },
      },
    },
    async (req) => {
      const found = await query.session(requireUser(req, READ).userId, req.params.id);
      if (!found) throw new NotFound('Session');
      return found;
    },
  );

  r.delete(
    '/api/health-data/sessions/:id',
    {
      schema: {
        tags,
        summary: 'Delete a session',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await rectification.removeSession(requireUser(req, WRITE).userId, req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/health-data/derived',
    {
      schema: {
        tags,
        summary:
          'Derived values (BMI, BP category, daily totals, resting heart rate, sleep summary): computed, not measured',
        querystring: derivedQuerySchema,
        response: { 200: derivedOutSchema, ...errors },
      },
    },
    async (req) => query.derived(requireUser(req, READ).userId, req.query),
  );
}
