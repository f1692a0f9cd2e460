import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import {
  getactivity,
  getactivityParams,
  getintradayactivity,
  getintradayParams,
  getworkouts,
  getworkoutsParams,
} from './activity.service';
import { getmeas, getmeasParams, requestedMetrics } from './getmeas.service';
import { heartList, heartListParams } from './heart.service';
import { requesttoken, requesttokenParams } from './oauth2.service';
import { type PartnerReadAccess, readForPartner } from './partner-access';
import type { WbsapiRepo } from './wbsapi.repo';
import { sleepGet, sleepGetParams, sleepGetsummary, sleepSummaryParams } from './sleep.service';
import { getdevice, getgoals } from './user.service';
import { defineWbsapiEndpoint, parseParams, registerWbsapiScope, type WbsapiAction } from './wbsapi-request';

const authorizeParams = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
];

/**
 * The Withings-style public API under `/wbsapi`: a client of the original changes only its base URL.
 * Every read goes through the access point with the scope the original asks for.
 */
export async function registerWbsapi(app: FastifyInstance, ctx: AppContext) {
  /** An action that reads: its parameters checked, then the read through the access point. */
  const readAction =
    <S extends z.ZodType, T>(
      params: S,
      access: PartnerReadAccess,
      read: (repo: WbsapiRepo, userId: string, p: z.output<S>) => Promise<T>,
    ): WbsapiAction =>
    async (call) => {
      const p = parseParams(params, call.params);
      return readForPartner(ctx, call, access, (repo, userId) => read(repo, userId, p));
    };

  const getmeasAction: WbsapiAction = async (call) => {
    const p = parseParams(getmeasParams, call.params);
    const labels = [...new Set(requestedMetrics(p).map((m) => m.label))];
    return readForPartner(
      ctx,
      call,
      {
        scope: 'user.metrics',
        action: 'getmeas',
        what: p.category === '2' ? ['Weight goal'] : labels.length ? labels : ['Body measurements'],
      },
      (repo, userId) => getmeas(repo, userId, p, ctx.now()),
    );
  };

  await registerWbsapiScope(app, (scope) => {
    defineWbsapiEndpoint(scope, '/wbsapi/measure', {
      summary: 'Measures (getmeas)',
      description:
        'Measurement groups (weigh-ins, blood pressure, temperature …) or objectives. Scope user.metrics.',
      actions: { getmeas: getmeasAction },
    });

    defineWbsapiEndpoint(scope, '/wbsapi/v2/measure', {
      summary: 'Measures and activity',
      description:
        'getmeas (user.metrics); getactivity daily totals, getintradayactivity series, getworkouts sessions (user.activity).',
      actions: {
        getmeas: getmeasAction,
        getactivity: readAction(
          getactivityParams,
          {
            scope: 'user.activity',
            action: 'getactivity',
            what: ['Daily activity totals', 'Heart rate', 'Activity level'],
          },
          getactivity,
        ),
        getintradayactivity: readAction(
          getintradayParams,
          {
            scope: 'user.activity',
            action: 'getintradayactivity',
            what: ['Intraday activity', 'Heart rate', 'Oxygen saturation (SpO2)'],
          },
          (repo, userId, p) => getintradayactivity(repo, userId, p, ctx.now()),
        ),
        getworkouts: readAction(
          getworkoutsParams,
          { scope: 'user.activity', action: 'getworkouts', what: ['Workouts'] },
          getworkouts,
        ),
      },
    });

    defineWbsapiEndpoint(scope, '/wbsapi/v2/sleep', {
      summary: 'Sleep',
      description:
        'get (stages and series of the nights in a range), getsummary (one summary per night). Scope user.sleepevents.',
      actions: {
        get: readAction(
          sleepGetParams,
          {
            scope: 'user.sleepevents',
            action: 'sleep get',
            what: ['Sleep stages', 'Heart rate during sleep', 'Breathing during sleep'],
          },
          sleepGet,
        ),
        getsummary: readAction(
          sleepSummaryParams,
          { scope: 'user.sleepevents', action: 'sleep getsummary', what: ['Sleep summaries'] },
          sleepGetsummary,
        ),
      },
    });

    defineWbsapiEndpoint(scope, '/wbsapi/v2/user', {
      summary: 'User devices and goals',
      description: 'getdevice (paired devices), getgoals (steps, sleep and weight goals). Scope user.info.',
      actions: {
        getdevice: async (call) =>
          readForPartner(
            ctx,
            call,
            { scope: 'user.info', action: 'getdevice', what: ['Devices'] },
            (repo, userId) => getdevice(repo, userId),
          ),
        getgoals: async (call) =>
          readForPartner(
            ctx,
            call,
            { scope: 'user.info', action: 'getgoals', what: ['Goals'] },
            (repo, userId) => getgoals(repo, userId),
          ),
      },
    });

    defineWbsapiEndpoint(scope, '/wbsapi/v2/heart', {
      summary: 'Heart (list)',
      description: 'Blood-pressure readings with their pulse (no ECG is recorded). Scope user.metrics.',
      actions: {
        list: readAction(
          heartListParams,
          { scope: 'user.metrics', action: 'heart list', what: ['Blood pressure', 'Heart rate'] },
          heartList,
        ),
      },
    });

    defineWbsapiEndpoint(scope, '/wbsapi/v2/oauth2', {
      summary: 'Token exchange (requesttoken)',
      description:
        'grant_type authorization_code (code, redirect_uri, code_verifier) or refresh_token, with client_id and client_secret; answered by our OAuth2 server.',
      // The app authenticates with its client_id and client_secret in the request.
      security: [],
      actions: {
        requesttoken: async (call, req) =>
          requesttoken(app, ctx, req, parseParams(requesttokenParams, call.params)),
      },
    });
  });

  // The original's authorization page address: same query, our authorization endpoint.
  app.get(
    '/oauth2_user/authorize2',
    {
      schema: {
        tags: ['Withings-style API'],
        summary: 'Authorization page (redirects to /oauth/auth)',
        // The authorization request's parameters (RFC 6749 §4.1.1, PKCE), passed on as they came.
        querystring: z.looseObject(
          Object.fromEntries(authorizeParams.map((name) => [name, z.string().optional()])),
        ),
        response: { 302: z.null().describe('To /oauth/auth with the same query string.') },
        security: [],
      },
    },
    async (req, reply) => {
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      return reply.redirect(`/oauth/auth${query}`, 302);
    },
  );
}
