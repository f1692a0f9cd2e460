import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestApp, TestUser } from '../../test/harness';
import { createConnectionsRepo } from '../oauth';
import { createPartnerAppsRepo } from '../oauth';
import { type AttemptResult, DELIVER_JOB, type DeliveryJobData } from './delivery.service';
import { webhookJobs } from './webhooks.jobs';

interface ReceivedCall {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A partner's endpoint: a real HTTP server on 127.0.0.1 that records every call. */
export interface Receiver {
  url: string;
  calls: ReceivedCall[];
  /** What it answers (default 200); a function sees the call. */
  status: number | ((call: ReceivedCall) => number);
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = { url: '', calls: [], status: 200, close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const call = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      receiver.calls.push(call);
      const status = typeof receiver.status === 'function' ? receiver.status(call) : receiver.status;
      if (status >= 300 && status < 400) res.setHeader('location', `${receiver.url}/redirected`);
      res.statusCode = status;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

/** A partner app registered on the developer page of `owner` (rows made directly: fast). */
export async function seedPartnerApp(t: TestApp, owner: TestUser, scopes: string[]): Promise<string> {
  const app = await createPartnerAppsRepo(t.database.db).insert({
    clientId: `test-app-${randomBytes(6).toString('hex')}`,
    ownerUserId: owner.user.id,
    name: 'Test partner',
    redirectUris: ['https://partner.example/callback'],
    scopes,
    isPublic: true,
  });
  return app.clientId;
}

export async function seedConnection(t: TestApp, userId: string, clientId: string, scopes: string[]) {
  await createConnectionsRepo(t.database.db).connect(userId, clientId, scopes, t.clock.now());
}

const deliverJob = webhookJobs.find((j) => j.name === DELIVER_JOB)!;

/** Runs the deliver job, as the queue would, for every delivery due on the app's clock. */
export async function runDueDeliveries(t: TestApp): Promise<AttemptResult[]> {
  const { rows } = await t.database.raw.query<{ user_id: string; id: string }>(
    `SELECT user_id, id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $1
     ORDER BY created_at, id`,
    [t.clock.now().toISOString()],
  );
  const results: AttemptResult[] = [];
  for (const r of rows) {
    const data: DeliveryJobData = { userId: r.user_id, deliveryId: r.id };
    results.push((await deliverJob.run(t.app.ctx, data)) as AttemptResult);
  }
  return results;
}

export async function deliveriesOf(t: TestApp, userId: string) {
  const { rows } = await t.database.raw.query<{
    id: string;
    client_id: string;
    channel: string;
    event: string;
    status: string;
    attempts: number;
    next_attempt_at: Date | null;
    payload: Record<string, unknown>;
  }>(`SELECT * FROM webhook_deliveries WHERE user_id = $1 ORDER BY created_at, id`, [userId]);
  return rows;
}

/** Receivers' side of the signature, for tests of other features' targets (clinics' escalations). */
export { SIGNATURE_HEADER, verifySignature } from './signature';
