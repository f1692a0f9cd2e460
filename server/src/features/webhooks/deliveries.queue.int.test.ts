import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_SCHEMA, type JobQueue, startJobs } from '../../jobs/queue';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { createNotifyService } from '../wbsapi';
import { DELIVER_JOB } from './delivery.service';
import { webhookJobs } from './webhooks.jobs';
import {
  deliveriesOf,
  type Receiver,
  seedConnection,
  seedPartnerApp,
  startReceiver,
} from './webhooks.test-support';

async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error('timed out waiting for the job queue');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// The real queue (pg-boss on the test database): the dispatcher picks up what a write left in the
// outbox, the deliver job calls the partner, a failure schedules the next attempt with startAfter.
describe('deliveries on the job queue', () => {
  let t: TestApp;
  let receiver: Receiver;
  let queue: JobQueue;
  beforeAll(async () => {
    t = await createTestApp({ config: { webhooksAllowPrivateNetwork: true } });
    receiver = await startReceiver();
    queue = await startJobs(t.app.ctx, webhookJobs, { pollingIntervalSeconds: 0.5, stopTimeoutMs: 1000 });
    t.app.ctx.jobs = queue;
  });
  afterAll(async () => {
    t.app.ctx.jobs = undefined;
    await queue?.stop();
    await receiver?.close();
    await t?.close();
  });

  it('delivers a callback soon after the write commits, and queues the retry 10 s later on failure', async () => {
    const owner = await createTestUser(t);
    const clientId = await seedPartnerApp(t, owner, ['user.metrics']);
    const user = await createTestUser(t);
    await seedConnection(t, user.user.id, clientId, ['user.metrics']);
    await createNotifyService(t.app.ctx).subscribe(
      { userId: user.user.id, clientId, clientName: 'Test', grantId: 'g', scopes: ['user.metrics'] },
      { callbackurl: `${receiver.url}/cb`, appli: 1 },
    );
    receiver.calls = [];
    receiver.status = 500;
    const res = await user.client.post('/api/health-data/readings', {
      takenAt: new Date(Date.now() - 60_000).toISOString(),
      measures: [{ metric: 'weight', value: 64.2, unit: 'kg' }],
    });
    expect(res.statusCode).toBe(201);

    await eventually(() => receiver.calls.some((c) => c.method === 'POST'));
    const [delivery] = await eventually(async () => {
      const rows = await deliveriesOf(t, user.user.id);
      return rows[0]?.attempts === 1 && rows[0].next_attempt_at ? rows : null;
    });
    // The next attempt is a job of its own, due 10 s after it was queued on the database's clock (from
    // the job's own creation, not from now: a loaded machine's pause before this read would shrink it).
    const rows = await eventually(async () => {
      const found = await t.database.raw.query<{ wait: number }>(
        `SELECT EXTRACT(EPOCH FROM (start_after - created_on))::float AS wait FROM ${JOB_SCHEMA}.job
         WHERE name = $1 AND state = 'created' AND data->>'deliveryId' = $2`,
        [DELIVER_JOB, delivery!.id],
      );
      return found.rows.length ? found.rows : null;
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.wait).toBe(10);
    receiver.status = 200;
    await eventually(async () => (await deliveriesOf(t, user.user.id))[0]?.status === 'delivered', 30_000);
    expect(receiver.calls.filter((c) => c.method === 'POST')).toHaveLength(2);
  }, 60_000);
});
