import { createServer } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { connectPartner, registerTestPartnerApp } from '../../test/partner-harness';
import { makeUnit, pairUnit } from '../devices/devices.test-support';
import { createHealthDataIngest } from '../health-data';

export const SMART_SCOPES = ['patient/Patient.rs', 'patient/Observation.rs', 'patient/Device.rs'];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The real app listening on a local port (FHIR clients speak HTTP), its public URL that address. */
export async function createListeningTestApp(): Promise<TestApp & { baseUrl: string }> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ config: { publicUrl } });
  await t.app.listen({ port, host: '127.0.0.1' });
  return Object.assign(t, { baseUrl: `${publicUrl}/fhir/R4` });
}

export interface SeededPatient {
  user: TestUser;
  deviceId: string;
  token: string;
  /** Instants of the weigh-ins, oldest first. */
  weighIns: Date[];
}

const DAY = 86_400_000;

/**
 * A user with a paired scale, `days` daily weigh-ins (weight + fat ratio) from the scale, and by hand
 * a height (so each weigh-in gets a BMI), a blood pressure with pulse, an SpO2, a temperature, a
 * respiratory rate and a step count; connected to a partner app with the SMART scopes.
 */
export async function seedPatient(
  t: TestApp,
  opts: { days?: number; scopes?: string[]; start?: Date } = {},
): Promise<SeededPatient> {
  const user = await createTestUser(t);
  const device = await pairUnit(user.client, await makeUnit(t));
  const ingest = createHealthDataIngest(t.app.ctx);
  const start = opts.start ?? new Date('2024-01-01T06:30:00Z');
  const days = opts.days ?? 20;
  const manual = await ingest.ingest(user.user.id, { source: 'manual' }, [
    {
      kind: 'reading',
      takenAt: '2023-12-31T09:00:00+01:00',
      measures: [{ metric: 'height', value: 178, unit: 'cm' }],
    },
  ]);
  expect(manual.results.map((r) => r.status)).toEqual(['stored']);
  const weighIns = Array.from({ length: days }, (_, i) => new Date(start.getTime() + i * DAY));
  const scale = await ingest.ingest(
    user.user.id,
    { source: 'device', deviceId: device.id, deviceKind: 'scale' },
    weighIns.map((at, i) => ({
      kind: 'reading',
      takenAt: at.toISOString().replace('Z', '+00:00'),
      measures: [
        { metric: 'weight', value: 80 - i * 0.1, unit: 'kg' },
        { metric: 'fat_ratio', value: 22, unit: '%' },
      ],
    })),
  );
  expect(scale.results.every((r) => r.status === 'stored')).toBe(true);
  const at = (d: number) => new Date(start.getTime() + d * DAY + 3600_000).toISOString();
  const vitals = await ingest.ingest(user.user.id, { source: 'manual' }, [
    {
      kind: 'reading',
      takenAt: at(2),
      measures: [
        { metric: 'systolic_bp', value: 124, unit: 'mmHg' },
        { metric: 'diastolic_bp', value: 81, unit: 'mmHg' },
        { metric: 'heart_rate', value: 66, unit: 'bpm' },
      ],
    },
    { kind: 'reading', takenAt: at(3), measures: [{ metric: 'spo2', value: 97, unit: '%' }] },
    { kind: 'reading', takenAt: at(4), measures: [{ metric: 'body_temperature', value: 36.8, unit: '°C' }] },
    {
      kind: 'reading',
      takenAt: at(5),
      measures: [{ metric: 'respiratory_rate', value: 15, unit: 'breaths/min' }],
    },
    { kind: 'reading', takenAt: at(6), measures: [{ metric: 'steps', value: 8000, unit: 'steps' }] },
  ]);
  expect(vitals.results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored', 'stored', 'stored']);
  const app = await registerTestPartnerApp(t, { scopes: SMART_SCOPES });
  const { accessToken } = await connectPartner(t, user, app, opts.scopes ?? SMART_SCOPES);
  return { user, deviceId: device.id, token: accessToken, weighIns };
}

/** Observations a seeded patient has: per weigh-in weight + fat ratio + BMI, height, BP, HR, SpO2, temperature, respiration, steps. */
export const observationCount = (days: number) => days * 3 + 1 + 6;

/** GET through inject with a bearer token. */
export function fhirGet(
  t: TestApp,
  token: string | undefined,
  url: string,
  headers: Record<string, string> = {},
) {
  return t.app.inject({
    method: 'GET',
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
}

/** An answer that must be an OperationOutcome with this status. */
export function expectOutcome(res: LightMyRequestResponse, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
  const body = res.json();
  expect(body.resourceType).toBe('OperationOutcome');
  expect(body.issue[0].severity).toBe('error');
  return body as { issue: Array<{ code: string; diagnostics: string }> };
}
