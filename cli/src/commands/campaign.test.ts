import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAppContext, type Database, loadConfig } from '@vitalbase/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsentsService } from '../../../server/src/features/consents/consents.service';
import { createTestDatabase } from '../../../server/src/test/database';
import { campaignSend } from './campaign';
import { mailList } from './mail';
import { userCreate } from './user';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

describe('vitalbase campaign send', () => {
  it('keeps the message in the outbox for consenting users only', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vb-campaign-'));
    const config = loadConfig({ LOG_LEVEL: 'silent' }, { dataDir: dir });
    const ctx = createAppContext({ config, database });
    const quiet = () => {};
    const yes = await userCreate(
      ctx,
      { email: 'yes@example.test', name: 'Yes', birthDate: '1980-01-01', country: 'FR' },
      quiet,
    );
    await userCreate(
      ctx,
      { email: 'no@example.test', name: 'No', birthDate: '1980-01-01', country: 'FR' },
      quiet,
    );
    await createConsentsService({ database, now: () => new Date() }).change(
      yes.id,
      'marketing_email',
      { granted: true, wordingVersion: 1 },
      'web',
    );
    const bodyFile = path.join(dir, 'body.txt');
    writeFileSync(bodyFile, 'Hello from the CLI campaign.');
    const lines: string[] = [];
    const result = await campaignSend(ctx, { subject: 'CLI news', bodyFile }, (l) => lines.push(l));
    expect(result.sent).toBe(1);
    expect(lines).toEqual(['sent to 1 consenting user']);
    const outbox = await mailList(database, {}, quiet);
    expect(outbox.filter((m) => m.subject === 'CLI news').map((m) => m.to)).toEqual(['yes@example.test']);
  });
});
