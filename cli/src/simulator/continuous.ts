import { randomBytes, randomUUID } from 'node:crypto';
import type { ReadingItem } from '@vitalbase/core';
import { personAt } from './generators';
import { createThrottle, DeviceHttp, HttpError, type HttpOptions, type UserHttp } from './http';
import { signIn, type VerifyEmail } from './run';

/**
 * The simulator's continuous mode (issue #19, the failover test): thermometers that keep syncing small
 * batches, each device spreading its syncs over every server given (as behind a load balancer), and
 * retrying a failed sync with the same idempotency key until it is acknowledged, as a real device does.
 * Every acknowledged key is reported with the readings it carried, so a test can check that each
 * acknowledged reading is stored exactly once after a database failover.
 */

export interface ContinuousSetupOptions {
  /** The app servers; setup goes to the first. */
  urls: string[];
  factoryKey: string;
  verifyEmail: VerifyEmail;
  devices: number;
}

interface ContinuousDevice {
  serial: string;
  /** One client per server, with the device's credential. */
  http: DeviceHttp[];
}

export interface ContinuousSetup {
  email: string;
  password: string;
  owner: UserHttp;
  devices: ContinuousDevice[];
}

/** An account and `devices` thermometers registered by the factory and paired by the owner. */
export async function setUpContinuousDevices(opts: ContinuousSetupOptions): Promise<ContinuousSetup> {
  const runId = randomBytes(4).toString('hex');
  const email = `ha-${runId}@vitalbase.local`;
  const password = `Sim-${randomBytes(12).toString('base64url')}-vb`;
  // No client-side throttle: the failover test measures the server, and each device keeps under the sync
  // route's limit by its own interval. One attempt per call: the sync loop retries by itself.
  const optsFor = (baseUrl: string): HttpOptions => ({ baseUrl, throttle: createThrottle(0), attempts: 1 });
  const owner = await signIn(optsFor(opts.urls[0]!), email, password, personAt(0), opts.verifyEmail);
  const units = Array.from({ length: opts.devices }, (_, i) => ({
    serial: `HA-${runId}-${i}`.toUpperCase(),
    mac: randomBytes(6).toString('hex').match(/../g)!.join(':'),
    modelId: 'vb-thermo',
    claimCode: randomBytes(3).toString('hex').toUpperCase(),
    firmware: '1.0.0',
  }));
  const factory = await fetch(new URL('/api/factory/units', opts.urls[0]), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.factoryKey}` },
    body: JSON.stringify({ units }),
  });
  if (factory.status !== 201)
    throw new HttpError(factory.status, await factory.json().catch(() => null), 'factory registry');
  const devices: ContinuousDevice[] = [];
  for (const [i, unit] of units.entries()) {
    const paired = await owner.call<{ credential: string }>('POST', '/api/devices/pair', {
      serial: unit.serial,
      claimCode: unit.claimCode,
      name: `Thermometer ${i + 1}`,
    });
    devices.push({
      serial: unit.serial,
      http: opts.urls.map((url) => new DeviceHttp(optsFor(url), paired.credential)),
    });
  }
  return { email, password, owner, devices };
}

/** One acknowledged sync: its key, the readings (client refs) it carried, and where and when it went. */
export interface Acknowledged {
  key: string;
  clientRefs: string[];
  server: number;
  /** When the attempt that was acknowledged was sent, and when its answer came (ms since epoch). */
  sentAt: number;
  ackedAt: number;
  /** Attempts the batch took (1 when nothing failed). */
  attempts: number;
}

export interface ContinuousSyncOptions {
  devices: ContinuousDevice[];
  /** Readings per batch. */
  batchSize: number;
  /** Pause between a device's syncs (the sync route allows 120 a minute per device). */
  intervalMs: number;
  /** Pause before retrying a failed sync (same key, next server). */
  retryDelayMs: number;
  /** A batch not acknowledged after this long stops the run with an error. */
  giveUpMs: number;
  /** The run ends once this answers true (the batch in flight is finished first). */
  stopped: () => boolean;
  onAck: (ack: Acknowledged) => void;
  /** A failed attempt (server, when, why), before its retry. */
  onFailure?: (failure: { server: number; at: number; reason: string }) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Readings one a second back from a start two days ago: distinct times, so none is a duplicate of another. */
function reading(serial: string, seq: number, startMs: number): ReadingItem {
  return {
    kind: 'reading',
    clientRef: `${serial}-${seq}`,
    takenAt: new Date(startMs + seq * 1000).toISOString(),
    measures: [{ metric: 'body_temperature', value: 36.5 + (seq % 10) / 10, unit: '°C' }],
  };
}

/** Syncs every device until `stopped()`; answers the number of acknowledged batches. */
export async function syncContinuously(opts: ContinuousSyncOptions): Promise<number> {
  const startMs = Math.floor((Date.now() - 2 * 86_400_000) / 1000) * 1000;
  let acknowledged = 0;
  const runDevice = async (device: ContinuousDevice, offset: number) => {
    let seq = 0;
    let next = offset;
    while (!opts.stopped()) {
      const items = Array.from({ length: opts.batchSize }, () => reading(device.serial, seq++, startMs));
      const body = { device: { firmware: '1.0.0', battery: 90 }, items };
      const key = randomUUID();
      const firstTry = Date.now();
      for (let attempt = 1; ; attempt++) {
        const server = next++ % device.http.length;
        const sentAt = Date.now();
        try {
          await device.http[server]!.post('/api/device/sync', body, key);
          opts.onAck({
            key,
            clientRefs: items.map((i) => i.clientRef!),
            server,
            sentAt,
            ackedAt: Date.now(),
            attempts: attempt,
          });
          acknowledged += 1;
          break;
        } catch (err) {
          // A client error other than a limit is a bug in the test, not an outage: stop at once.
          if (err instanceof HttpError && err.status < 500 && err.status !== 429) throw err;
          const reason = err instanceof HttpError ? `HTTP ${err.status}` : String((err as Error).message);
          opts.onFailure?.({ server, at: sentAt, reason });
          if (Date.now() - firstTry > opts.giveUpMs) {
            throw new Error(`a sync was not acknowledged within ${opts.giveUpMs / 1000} s (last: ${reason})`);
          }
          await sleep(opts.retryDelayMs);
        }
      }
      await sleep(opts.intervalMs);
    }
  };
  await Promise.all(opts.devices.map((d, i) => runDevice(d, i)));
  return acknowledged;
}
