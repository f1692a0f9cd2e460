import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { ApiClient, TestApp } from '../../test/harness';
import { factoryKey } from './factory-key';

export interface TestUnit {
  serial: string;
  mac: string;
  claimCode: string;
  modelId: string;
}

let seq = 0;

/** A unit made by the factory (registered through the operator route), ready to be paired. */
export async function makeUnit(t: TestApp, modelId = 'vb-scale-body', firmware?: string): Promise<TestUnit> {
  seq += 1;
  const hex = randomBytes(6).toString('hex');
  const unit = {
    serial: `T${seq}-${hex}`.toUpperCase(),
    mac: hex.match(/../g)!.join(':'),
    claimCode: randomBytes(3).toString('hex').toUpperCase(),
    modelId,
  };
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/factory/units',
    headers: { authorization: `Bearer ${factoryKey(t.config.cookieSecret)}` },
    payload: { units: [{ ...unit, ...(firmware ? { firmware } : {}) }] },
  });
  expect(res.statusCode).toBe(201);
  return unit;
}

export interface PairedDevice {
  id: string;
  credential: string;
  unit: TestUnit;
}

export async function pairUnit(client: ApiClient, unit: TestUnit): Promise<PairedDevice> {
  const res = await client.post('/api/devices/pair', { serial: unit.serial, claimCode: unit.claimCode });
  expect(res.statusCode).toBe(201);
  const body = res.json();
  return { id: body.device.id, credential: body.credential, unit };
}

/** A device's own HTTP calls: bearer credential, no cookies. */
export function deviceCall(
  t: TestApp,
  credential: string | undefined,
  url: string,
  payload: unknown,
  key?: string,
) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: {
      ...(credential ? { authorization: `Bearer ${credential}` } : {}),
      ...(key ? { 'idempotency-key': key } : {}),
    },
    payload: payload as object,
  });
}

export const syncKey = () => `sync-${randomBytes(8).toString('hex')}`;

export function weighIn(
  takenAt: string,
  kg: number,
  extra: Array<{ metric: string; value: number; unit: string }> = [],
) {
  return { kind: 'reading', takenAt, measures: [{ metric: 'weight', value: kg, unit: 'kg' }, ...extra] };
}
