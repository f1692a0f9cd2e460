import { type AppContext, createAppContext, type Database, loadConfig } from '@vitalbase/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../server/src/test/database';
import { disclosureRecord, maintenanceSchedule, suspensionAdd, suspensionList } from './lifecycle';
import { userCreate } from './user';

let database: Database;
let ctx: AppContext;
beforeAll(async () => {
  database = await createTestDatabase();
  ctx = createAppContext({ config: loadConfig({ LOG_LEVEL: 'silent' }), database });
});
afterAll(() => database?.close());

const person = { name: 'Sam Doe', birthDate: '1980-01-01', country: 'FR' };

describe('vitalbase suspension | maintenance | disclosure', () => {
  it('suspends an account and lists it; refuses an unknown one', async () => {
    await userCreate(ctx, { ...person, email: 'sam@example.test' }, () => {});
    const lines: string[] = [];
    await suspensionAdd(ctx, { user: 'sam@example.test', reason: 'Fraudulent data injection.' }, (l) =>
      lines.push(l),
    );
    expect(lines[0]).toMatch(/^suspended/);
    const rows = await suspensionList(ctx, (l) => lines.push(l));
    expect(rows).toEqual([expect.objectContaining({ email: 'sam@example.test', state: 'active' })]);
    await expect(suspensionAdd(ctx, { user: 'nobody@example.test', reason: 'x' }, () => {})).rejects.toThrow(
      /not found/,
    );
  });

  it('schedules a window with the API’s validation', async () => {
    const start = new Date(Date.now() + 86_400_000).toISOString();
    const end = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const w = await maintenanceSchedule(
      ctx,
      { start, end, messageEn: 'Upgrade.', messageFr: 'Mise à jour.' },
      () => {},
    );
    expect(w.startsAt).toBe(start);
    await expect(
      maintenanceSchedule(ctx, { start: end, end: start, messageEn: 'x', messageFr: 'x' }, () => {}),
    ).rejects.toThrow(/endsAt/);
  });

  it('records a gagged disclosure without telling the user', async () => {
    await userCreate(ctx, { ...person, email: 'kim@example.test' }, () => {});
    const lines: string[] = [];
    const row = await disclosureRecord(
      ctx,
      {
        user: 'kim@example.test',
        case: 'PV-1',
        authority: 'Parquet',
        basis: 'CPP art. 60-1',
        scope: 'identity, devices',
        requested: new Date().toISOString(),
        notice: 'indefinitely',
      },
      (l) => lines.push(l),
    );
    expect(row.scope).toEqual(['identity', 'devices']);
    expect(lines[0]).toMatch(/not told yet/);
    await expect(disclosureRecord(ctx, { user: 'kim@example.test' }, () => {})).rejects.toThrow(/caseRef/);
  });
});
