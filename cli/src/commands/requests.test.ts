import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAppContext, type Database, loadConfig } from '@vitalbase/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrivacyRequestsService } from '../../../server/src/features/privacy-requests/privacy-requests.service';
import { createTestDatabase } from '../../../server/src/test/database';
import { mailList } from './mail';
import { requestsAnswer, requestsList, requestsShow } from './requests';
import { userCreate } from './user';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

const DAY = 24 * 3600 * 1000;

describe('vitalbase requests', () => {
  it('lists the queue, shows a request (logged for the user), answers it and mails the user', async () => {
    const config = loadConfig(
      { LOG_LEVEL: 'silent' },
      { dataDir: mkdtempSync(path.join(tmpdir(), 'vb-requests-')) },
    );
    const ctx = createAppContext({ config, database });
    const quiet = () => {};
    const user = await userCreate(
      ctx,
      { email: 'asks@example.test', name: 'Asks', birthDate: '1980-01-01', country: 'FR' },
      quiet,
    );
    const filedAt = new Date('2031-01-31T10:00:00Z');
    const service = createPrivacyRequestsService({ ...ctx, now: () => filedAt });
    const filed = await service.file(user.id, {
      kind: 'access_question',
      message: 'Which partners received my weight?',
    });
    expect(filed.dueOn).toBe('2031-02-28');

    const lines: string[] = [];
    const rows = await requestsList(database, {}, (l) => lines.push(l), new Date('2031-02-01T00:00:00Z'));
    expect(rows.map((r) => r.id)).toEqual([filed.id]);
    expect(lines[0]).toMatch(
      new RegExp(`^${filed.id} {2}access_question +open +filed 2031-01-31 {2}due 2031-02-28$`),
    );
    expect(lines.join('\n')).not.toContain('partners');
    const overdue: string[] = [];
    await requestsList(
      database,
      { overdue: true },
      (l) => overdue.push(l),
      new Date(filedAt.getTime() + 40 * DAY),
    );
    expect(overdue[0]).toMatch(/OVERDUE$/);
    const none: string[] = [];
    await requestsList(database, { overdue: true }, (l) => none.push(l), new Date('2031-02-01T00:00:00Z'));
    expect(none).toEqual(['no overdue request']);

    const shown: string[] = [];
    await requestsShow(database, filed.id, (l) => shown.push(l));
    expect(shown.join('\n')).toContain('Which partners received my weight?');
    expect(shown.join('\n')).toContain('Asks <asks@example.test>');
    const { rows: log } = await database.raw.query<{ actor_type: string }>(
      'SELECT actor_type FROM data_access_log WHERE user_id = $1',
      [user.id],
    );
    expect(log).toEqual([{ actor_type: 'operator' }]);

    await expect(requestsAnswer(ctx, filed.id, { status: 'done' }, quiet)).rejects.toThrow(/message/);
    await expect(requestsAnswer(ctx, filed.id, { status: 'closed', message: 'ok' }, quiet)).rejects.toThrow(
      /status/,
    );
    const answered: string[] = [];
    await requestsAnswer(ctx, filed.id, { status: 'done', message: 'None: you shared nothing.' }, (l) =>
      answered.push(l),
    );
    expect(answered).toEqual([`request ${filed.id} is now done; the user was mailed`]);
    const outbox = await mailList(database, { to: 'asks@example.test' }, quiet);
    expect(outbox.map((m) => m.subject)).toEqual([
      'Vitalbase: your question about your data is done',
      'Vitalbase: we received your question about your data',
    ]);
    expect(await requestsList(database, {}, quiet)).toEqual([]);
  });
});
