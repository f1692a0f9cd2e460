import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { appliParam, callbackUrlParam, commentParam, createNotifyService } from './notify.service';
import { partnerOf } from './partner-access';
import { defineWbsapiEndpoint, parseParams, registerWbsapiScope } from './wbsapi-request';

const withUrl = z.object({ callbackurl: callbackUrlParam });

/** `/wbsapi/notify`: subscribe, get, list, revoke, update (Withings-style notification subscriptions). */
export async function registerWbsapiNotify(app: FastifyInstance, ctx: AppContext) {
  const notify = createNotifyService(ctx);
  await registerWbsapiScope(app, (scope) => {
    defineWbsapiEndpoint(scope, '/wbsapi/notify', {
      summary: 'Notification subscriptions (callbacks on new data)',
      description:
        'Callbacks are form-encoded POSTs of `userid, appli, startdate, enddate` (appli 1 weight and body composition, 4 blood pressure, heart rate, SpO2 and temperature, 16 activity, 44 sleep, 46 user events). The callback URL must be https on a public address and answer a HEAD request with a 2xx. Failed callbacks are retried after 10 s, 1 min, 1 h and 4 h.',
      actions: {
        subscribe: async (call) => {
          const p = await partnerOf(ctx, call);
          const input = parseParams(
            withUrl.extend({ appli: appliParam, comment: commentParam }),
            call.params,
          );
          return notify.subscribe(p, input);
        },
        get: async (call) => {
          const p = await partnerOf(ctx, call);
          // As the original: appli 1 when none is given.
          const input = parseParams(withUrl.extend({ appli: appliParam.default(1) }), call.params);
          return notify.get(p, input);
        },
        list: async (call) => {
          const p = await partnerOf(ctx, call);
          return notify.list(p, parseParams(z.object({ appli: appliParam.optional() }), call.params));
        },
        revoke: async (call) => {
          const p = await partnerOf(ctx, call);
          return notify.revoke(p, parseParams(withUrl.extend({ appli: appliParam.optional() }), call.params));
        },
        update: async (call) => {
          const p = await partnerOf(ctx, call);
          const input = parseParams(
            withUrl.extend({
              appli: appliParam,
              new_callbackurl: callbackUrlParam,
              new_appli: appliParam,
              comment: commentParam,
            }),
            call.params,
          );
          return notify.update(p, input);
        },
      },
    });
  });
}
