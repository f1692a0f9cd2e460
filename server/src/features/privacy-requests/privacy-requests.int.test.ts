import { privacyRequestDueDate } from '@vitalbase/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import {
  answerPrivacyRequestAsOperator,
  listPrivacyRequestsAsOperator,
  showPrivacyRequestAsOperator,
} from './privacy-requests.operator';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const DAY = 24 * 3600 * 1000;
const operator = () => ({ database: t.database, mailer: t.app.ctx.mailer, publicUrl: t.config.publicUrl });
const rectify = { kind: 'rectification', message: 'My birth date is wrong: it should be 1985-06-16.' };

describe('POST /api/me/privacy-requests', () => {
  it('files a request due one month out, visible to the user, and mails a receipt', async () => {
    const { user, client } = await createTestUser(t);
    const res = await client.post('/api/me/privacy-requests', rectify);
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      kind: 'rectification',
      message: rectify.message,
      status: 'open',
      dueOn: privacyRequestDueDate(t.clock.now()),
      overdue: false,
      answer: null,
    });
    const list = (await client.get('/api/me/privacy-requests')).json().requests;
    expect(list.map((r: { id: string }) => r.id)).toEqual([created.id]);
    expect((await client.get(`/api/me/privacy-requests/${created.id}`)).json()).toEqual(created);
    const mail = await t.smtp.waitFor(user.email, { subject: /we received your rectification/ });
    expect(mail.text).toContain(created.dueOn);
    // The mail names the request, not its content.
    expect(mail.text).not.toContain('1985-06-16');
  });

  it('mails a French account its receipt and the answer in French', async () => {
    const { user, client } = await createTestUser(t, { locale: 'fr' });
    const res = await client.post('/api/me/privacy-requests', { ...rectify, kind: 'objection' });
    expect(res.statusCode, res.body).toBe(201);
    const mail = await t.smtp.waitFor(user.email, { subject: /nous avons reçu votre opposition/ });
    expect(mail.text).toContain(`au plus tard le ${res.json().dueOn}`);
    await answerPrivacyRequestAsOperator(
      operator(),
      res.json().id,
      { status: 'refused', message: 'Le traitement repose sur votre consentement, déjà retiré.' },
      t.clock.now(),
    );
    const answer = await t.smtp.waitFor(user.email, { subject: /votre opposition est refusée/ });
    expect(answer.text).toContain('réclamation auprès de votre autorité');
    expect(answer.text).not.toContain('déjà retiré');
  });

  it('answers bad input with 400 and stores nothing', async () => {
    const { client } = await createTestUser(t);
    const cases: unknown[] = [
      {},
      { kind: 'rectification' },
      { kind: 'complaint', message: 'A long enough message here.' },
      { kind: 'objection', message: 'short' },
      { kind: 'objection', message: 'x'.repeat(5001) },
      { kind: 'objection', message: 'A long enough message here.', status: 'done' },
      { kind: 'objection', message: 42 },
      [],
    ];
    for (const body of cases) {
      const res = await client.post('/api/me/privacy-requests', body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
    }
    for (const url of ['/api/me/privacy-requests/not-a-uuid', '/api/me/privacy-requests/123']) {
      expect((await client.get(url)).statusCode, url).toBe(400);
    }
    expect((await client.get('/api/me/privacy-requests')).json().requests).toEqual([]);
  });

  it("answers 404 for another user's request, and reaches only the caller's", async () => {
    const alice = await createTestUser(t);
    const mallory = await createTestUser(t);
    const { id } = (await alice.client.post('/api/me/privacy-requests', rectify)).json();
    const res = await mallory.client.get(`/api/me/privacy-requests/${id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    expect((await mallory.client.get('/api/me/privacy-requests')).json().requests).toEqual([]);
    expect((await mallory.client.get(`/api/users/${alice.user.id}/privacy-requests/${id}`)).statusCode).toBe(
      404,
    );
  });

  it('needs a signed-in browser, and refuses a forged request', async () => {
    const { client } = await createTestUser(t);
    expect((await t.client().post('/api/me/privacy-requests', rectify)).statusCode).toBe(401);
    expect((await t.client().get('/api/me/privacy-requests')).statusCode).toBe(401);
    const forged = await client.post('/api/me/privacy-requests', rectify, {
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(forged.statusCode).toBe(403);
    expect((await client.get('/api/me/privacy-requests')).json().requests).toEqual([]);
  });
});

describe('the operator queue', () => {
  it('lists what is owed, overdue ones apart; reading one is in the user’s access log', async () => {
    const { user, client } = await createTestUser(t);
    const { id } = (
      await client.post('/api/me/privacy-requests', {
        kind: 'objection',
        message: 'I object to the use of my data for X.',
      })
    ).json();
    const queue = await listPrivacyRequestsAsOperator(t.database, { now: t.clock.now() });
    const mine = queue.find((r) => r.id === id);
    expect(mine).toMatchObject({ userId: user.id, kind: 'objection', status: 'open', overdue: false });
    expect(mine).not.toHaveProperty('message');
    expect(
      (await listPrivacyRequestsAsOperator(t.database, { overdue: true, now: t.clock.now() })).some(
        (r) => r.id === id,
      ),
    ).toBe(false);
    const later = new Date(t.clock.now().getTime() + 32 * DAY);
    const overdue = await listPrivacyRequestsAsOperator(t.database, { overdue: true, now: later });
    expect(overdue.find((r) => r.id === id)).toMatchObject({ overdue: true });

    const shown = await showPrivacyRequestAsOperator(t.database, id, t.clock.now());
    expect(shown).toMatchObject({
      id,
      message: 'I object to the use of my data for X.',
      user: { email: user.email },
    });
    const log = (await client.get('/api/me/access-log')).json().entries;
    expect(log[0]).toMatchObject({ actor: { type: 'operator' }, what: ['identity', 'privacy_requests'] });
    await expect(showPrivacyRequestAsOperator(t.database, 'nope')).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      showPrivacyRequestAsOperator(t.database, '00000000-0000-4000-8000-000000000000'),
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  it('moves a request on and closes it with an answer; the user is mailed at each change', async () => {
    const { user, client } = await createTestUser(t);
    const { id } = (
      await client.post('/api/me/privacy-requests', {
        kind: 'restriction',
        message: 'Please restrict processing of my sleep data.',
      })
    ).json();
    const started = await answerPrivacyRequestAsOperator(
      operator(),
      id,
      { status: 'in_progress' },
      t.clock.now(),
    );
    expect(started.status).toBe('in_progress');
    await t.smtp.waitFor(user.email, { subject: /restriction of processing is being handled/ });
    await expect(
      answerPrivacyRequestAsOperator(operator(), id, { status: 'done' }, t.clock.now()),
    ).rejects.toMatchObject({ statusCode: 400 });
    const done = await answerPrivacyRequestAsOperator(
      operator(),
      id,
      { status: 'done', message: 'Restricted from today.' },
      t.clock.now(),
    );
    expect(done).toMatchObject({ status: 'done', answer: 'Restricted from today.' });
    const mail = await t.smtp.waitFor(user.email, { subject: /restriction of processing is done/ });
    expect(mail.text).not.toContain('Restricted from today.');
    expect((await client.get(`/api/me/privacy-requests/${id}`)).json()).toMatchObject({
      status: 'done',
      answer: 'Restricted from today.',
    });
    await expect(
      answerPrivacyRequestAsOperator(
        operator(),
        id,
        { status: 'refused', message: 'Changed my mind' },
        t.clock.now(),
      ),
    ).rejects.toMatchObject({ statusCode: 409 });
    const events = (await client.get('/api/me/security-events')).json();
    expect(JSON.stringify(events)).toContain('privacy_request_updated');
  });
});
