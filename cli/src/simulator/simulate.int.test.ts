import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createFirmwareCatalog, factoryKey } from '@vitalbase/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../server/src/test/harness';
import { createThrottle, UserHttp } from './http';
import { runSimulation, type SimulationReport } from './run';
import { tokenInLink } from './verify';

let t: TestApp;
let url: string;
let report: SimulationReport;
let files: Server;

/** The operator's file host: firmware images the devices fetch (not the Vitalbase server). */
const IMAGE = Buffer.from('vb-watch firmware 3.3.0');
async function serveFirmware(): Promise<string> {
  files = createServer((req, res) => res.end(req.url === '/vb-watch-3.3.0.bin' ? IMAGE : 'tampered'));
  await new Promise<void>((done) => files.listen(0, '127.0.0.1', done));
  const address = files.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // The operator published a watch update (its digest right) and a BP monitor one (its file altered).
  const host = await serveFirmware();
  const catalog = createFirmwareCatalog(t.app.ctx);
  const sha256 = createHash('sha256').update(IMAGE).digest('hex');
  await catalog.publish({
    model: 'vb-watch',
    version: '3.3.0',
    fileUrl: `${host}/vb-watch-3.3.0.bin`,
    sha256,
  });
  await catalog.publish({ model: 'vb-bpm', version: '1.2.0', fileUrl: `${host}/vb-bpm-1.2.0.bin`, sha256 });
  report = await runSimulation({
    url,
    days: 4,
    users: 3,
    rate: 0,
    seed: 11,
    factoryKey: factoryKey(t.config.cookieSecret),
    // The test app mails through a real SMTP server: the link is read from there.
    verifyEmail: async (email) => tokenInLink((await t.smtp.waitFor(email, { timeoutMs: 15_000 })).text)!,
  });
}, 240_000);
afterAll(async () => {
  files?.close();
  await t?.close();
});

async function signIn(email: string): Promise<UserHttp> {
  const http = new UserHttp({ baseUrl: url, throttle: createThrottle(0) });
  await http.call('POST', '/api/auth/login', { email, password: report.password });
  return http;
}

const range = () => {
  const to = new Date(Date.now() + 3600_000).toISOString();
  const from = new Date(Date.now() - 6 * 86_400_000).toISOString();
  return `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
};

describe('vitalbase simulate against a live server', () => {
  it('creates the household, pairs six devices and stores everything it sends', () => {
    expect(report.accounts).toHaveLength(3);
    expect(report.devices.map((d) => d.kind).sort()).toEqual(
      ['air_quality', 'bp_monitor', 'scale', 'sleep_analyzer', 'thermometer', 'watch'].sort(),
    );
    expect(report.items.rejected).toBe(0);
    expect(report.items.stored).toBeGreaterThan(20);
    expect(report.retriedAfterDrop).toBe(1);
    expect(report.claimed).toBeGreaterThanOrEqual(2);
  });

  it("makes the owner's data readable through the query API", async () => {
    const owner = await signIn(report.accounts[0]!.email);
    const hr = await owner.call<{ buckets: Array<{ count: number; mean: number }> }>(
      'GET',
      `/api/health-data/timeseries?metric=heart_rate&${range()}`,
    );
    expect(hr.buckets.reduce((n, b) => n + b.count, 0)).toBeGreaterThan(3 * 1300);
    const co2 = await owner.call<{ buckets: Array<{ count: number }> }>(
      'GET',
      `/api/health-data/timeseries?metric=co2&${range()}`,
    );
    expect(co2.buckets.length).toBeGreaterThan(0);
    const nights = await owner.call<{ items: Array<{ stages: unknown[] }> }>(
      'GET',
      `/api/health-data/sessions?type=sleep&${range()}`,
    );
    expect(nights.items.length).toBeGreaterThan(0);
    expect(nights.items[0]!.stages.length).toBeGreaterThan(3);
    const bp = await owner.call<{ items: unknown[] }>(
      'GET',
      `/api/health-data/readings?metric=systolic_bp&${range()}`,
    );
    expect(bp.items.length).toBeGreaterThan(0);
    const devices = await owner.call<
      Array<{ lastSyncAt: string | null; firmware: { updateRequired: boolean } }>
    >('GET', '/api/devices');
    expect(devices).toHaveLength(6);
    expect(devices.every((d) => d.lastSyncAt !== null)).toBe(true);
    // The scale shipped below the minimum firmware, was told to update, and did.
    expect(devices.every((d) => !d.firmware.updateRequired)).toBe(true);
  });

  it('fetches an offered firmware, checks its SHA-256, and installs it only when it matches', async () => {
    expect(report.firmware).toContainEqual({ kind: 'watch', version: '3.3.0', installed: true });
    expect(report.firmware).toContainEqual({ kind: 'bp_monitor', version: '1.2.0', installed: false });
    const owner = await signIn(report.accounts[0]!.email);
    const devices = await owner.call<Array<{ kind: string; firmware: { current: string } }>>(
      'GET',
      '/api/devices',
    );
    expect(devices.find((d) => d.kind === 'watch')?.firmware.current).toBe('3.3.0');
    expect(devices.find((d) => d.kind === 'bp_monitor')?.firmware.current).not.toBe('1.2.0');
  });

  it('gives each member only their own weigh-ins, near their own weight', async () => {
    const weights: number[][] = [];
    for (const account of report.accounts) {
      const member = await signIn(account.email);
      const page = await member.call<{
        items: Array<{ measures: Array<{ metric: string; value: number }> }>;
      }>('GET', `/api/health-data/readings?metric=weight&${range()}`);
      weights.push(page.items.map((r) => r.measures.find((m) => m.metric === 'weight')!.value));
    }
    const [alex, sam, jo] = weights as [number[], number[], number[]];
    expect(alex.length + sam.length + jo.length).toBeGreaterThan(3);
    for (const w of alex) expect(Math.abs(w - 88)).toBeLessThan(4);
    for (const w of sam) expect(Math.abs(w - 63)).toBeLessThan(4);
    for (const w of jo) expect(Math.abs(w - 47)).toBeLessThan(4);
  });
});
