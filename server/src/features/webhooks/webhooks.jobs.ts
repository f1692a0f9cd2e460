import { defineJob } from '../../jobs/job';
import type { AppContext } from '../../lib/context';
import {
  attemptDelivery,
  DELIVER_JOB,
  DELIVER_JOB_EXPIRE_SECONDS,
  type DeliveryJobData,
  DISPATCH_JOB,
  dispatchDue,
} from './delivery.service';

/** How soon new deliveries are picked up: the dispatcher runs again this long after each run. */
const DISPATCH_INTERVAL_SECONDS = 3;

/**
 * Partner deliveries on the job queue. `webhooks.deliver` is one attempt; it is never retried by the
 * queue itself (retryLimit 0): the next attempt is a new job sent with an explicit startAfter on the
 * original's schedule (delivery.service.ts). `webhooks.dispatch` runs every minute (cron, so it is
 * caught up at start) and re-sends itself every few seconds, so new deliveries go out at once.
 */
export const webhookJobs = [
  defineJob<DeliveryJobData>({
    name: DELIVER_JOB,
    retryLimit: 0,
    retryDelaySeconds: 0,
    // One HTTP call and a few statements: a run stuck longer (its connection lost in a failover) is
    // abandoned, so the worker goes on with the next deliveries; the dispatcher re-queues this one.
    expireInSeconds: DELIVER_JOB_EXPIRE_SECONDS,
    // Up to 10 partner calls side by side per server and poll: a burst of changes is sent in seconds.
    batchSize: 10,
    run: (ctx, data) => attemptDelivery(ctx, data),
  }),
  defineJob({
    name: DISPATCH_JOB,
    cron: '* * * * *',
    retryLimit: 0,
    retryDelaySeconds: 0,
    run: async (ctx: AppContext) => {
      try {
        return await dispatchDue(ctx);
      } finally {
        // One waits at most (a cron job's queue keeps one queued run): the chain cannot multiply.
        await ctx.jobs?.send(DISPATCH_JOB, {}, { startAfter: DISPATCH_INTERVAL_SECONDS });
      }
    },
  }),
];
