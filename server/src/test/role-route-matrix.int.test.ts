import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, newSessionCookie, type TestApp } from './harness';
import {
  answerOf,
  CREDENTIALS,
  type CredentialType,
  type Expected,
  expectationFor,
  meets,
  type Presented,
  SHARED_VIEWS,
} from './role-route-credentials.test-support';
import { createVictim, type Victim } from './role-route-fixture.test-support';
import {
  type Access,
  accessOf,
  bodyOf,
  documentedOperations,
  HEADERS,
  type Operation,
  urlOf,
  victimParam,
} from './role-route-matrix.test-support';
import { victimRowsDigest } from './victim-rows.test-support';

/**
 * The role × route matrix (issue #11): every operation of the OpenAPI document × every credential type,
 * against a victim with one of everything. Each cell must get its expected answer class; no answer to a
 * foreign credential, and no refusal, carries the victim's markers or ids; and nothing a foreign or
 * refused credential sends changes a row of the victim's. The rules and their exceptions are in
 * role-route-credentials.test-support.ts and role-route-matrix.test-support.ts.
 */

/** Never sent with the victim's own session: they end it or change its security (unless refused). */
const NEVER_AS_VICTIM = new Set([
  'POST /api/auth/logout',
  'POST /api/auth/logout-all',
  'POST /api/me/erasure',
  'POST /api/me/password',
  'POST /api/me/email',
  'DELETE /api/me/totp',
  'POST /api/me/totp/enroll',
  'POST /api/me/recovery-codes',
  'DELETE /api/me/passkeys/:id',
]);

interface Cell {
  op: Operation;
  access: Access;
  credential: CredentialType;
  expected: Expected;
  /**
   * Let through by design: the victim's own credentials, and a foreign one writing to an object of the
   * victim's it is entitled to (a household member claiming a weigh-in). Run after the write check.
   */
  entitled: boolean;
}

const isDenial = (e: Expected) => /^4/.test(e);

let t: TestApp;
let victim: Victim;
let operations: Operation[];
let csrf: { cookie: string; token: string };
let address = 0;

beforeAll(async () => {
  t = await createTestApp({ config: { webhooksAllowPrivateNetwork: true } });
  victim = await createVictim(t);
  operations = documentedOperations(t.app);
  const res = await t.app.inject({ url: '/api/csrf' });
  const cookie = res.cookies.find((c) => c.name === 'vb_csrf');
  csrf = { cookie: cookie?.value ?? '', token: res.json().token };
}, 120_000);
afterAll(async () => {
  await victim?.close();
  await t?.close();
});

function cells(): Cell[] {
  const all: Cell[] = [];
  for (const op of operations) {
    const access = accessOf(op);
    for (const credential of CREDENTIALS) {
      const expected = expectationFor(credential, op, access);
      if (!expected) continue;
      if (!credential.foreign && NEVER_AS_VICTIM.has(op.key) && !isDenial(expected)) continue;
      const allowed = expected === '2xx' || expected === 'passes';
      const takesIds = op.params.some((p) => victimParam(op, p));
      const entitled = allowed && (!credential.foreign || (op.method !== 'GET' && takesIds));
      all.push({ op, access, credential, expected, entitled });
    }
  }
  return all;
}

async function send(cell: Cell, presented: Presented, ids: Record<string, string> | null) {
  const { op } = cell;
  const headers: Record<string, string> = { 'user-agent': 'Mozilla/5.0 RoleRouteMatrix', ...HEADERS[op.key] };
  if ('bearer' in presented) headers.authorization = `Bearer ${presented.bearer}`;
  else {
    const cookies = [`vb_csrf=${csrf.cookie}`];
    if (presented.cookie) cookies.push(`vb_session=${presented.cookie}`);
    headers.cookie = cookies.join('; ');
    if (presented.csrf && op.method !== 'GET') headers['x-csrf-token'] = csrf.token;
  }
  address += 1;
  const body = bodyOf(op);
  return t.app.inject({
    method: op.method as 'GET',
    url: urlOf(op, ids, randomUUID),
    headers,
    ...(body !== undefined ? { payload: body as object } : {}),
    // Each request from its own address, so per-address rate limits do not answer 429 for the route.
    remoteAddress: `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`,
  });
}

/** Runs cells; answers the failing ones as lines of a table. */
/**
 * The victim's markers and ids found in an answer (the member's id, the partner app's and the clinic's
 * are not the victim's: a clinician removed from that clinic sees its id in their own security events).
 */
function leaked(body: string): string[] {
  const ids = Object.entries(victim.ids).filter(
    ([name]) => name !== 'memberId' && name !== 'partnerClientId' && name !== 'clinicId',
  );
  return [...victim.markers, ...ids.map(([, id]) => id)].filter((secret) => body.includes(secret));
}

async function run(list: Cell[], ids: (cell: Cell) => Record<string, string> | null) {
  const failures: string[] = [];
  // A fresh session passed the second factor (a no-op where the account has none), unless told not to.
  const fresh = (userId: string, opts: { secondFactor?: boolean } = {}) => newSessionCookie(t, userId, opts);
  for (const cell of list) {
    const presented = await cell.credential.present(victim, cell.access, fresh);
    const res = await send(cell, presented, ids(cell));
    const answer = answerOf(res, cell.op);
    const got = `${answer.status}${answer.code ? ` ${answer.code}` : ''}`;
    const row = (problem: string) =>
      `${cell.op.key.padEnd(52)} | ${cell.credential.name.padEnd(22)} | ${cell.expected.padEnd(28)} | ${got.padEnd(30)} | ${problem}`;
    if (!meets(answer, cell.expected)) failures.push(row(`unexpected answer: ${res.body.slice(0, 160)}`));
    const mustNotShow =
      (cell.credential.foreign && !SHARED_VIEWS[`${cell.credential.name}|${cell.op.key}`]) ||
      answer.status >= 400;
    const shown = mustNotShow ? leaked(res.body) : [];
    if (shown.length) failures.push(row(`leaks ${shown.length} of the victim's markers or ids`));
  }
  return failures;
}

const table = (failures: string[]) =>
  failures.length
    ? `\n${'operation'.padEnd(52)} | ${'credential'.padEnd(22)} | ${'expected'.padEnd(28)} | ${'got'.padEnd(30)} | problem\n${failures.join('\n')}`
    : '';

describe('role × route matrix', () => {
  it('covers every documented operation with every credential type', () => {
    expect(operations.length).toBeGreaterThan(100);
    const all = cells();
    expect(all.length).toBeGreaterThan(operations.length * 8);
    for (const credential of CREDENTIALS) {
      expect(all.filter((c) => c.credential === credential).length, credential.name).toBeGreaterThan(0);
    }
    for (const [name, id] of Object.entries(victim.ids)) expect(id, name).toMatch(/^[\w.-]{8,}$/);
    // Every id the fixture made is used by some route, so a renamed parameter cannot go unnoticed.
    const used = new Set(operations.flatMap((op) => op.params.map((p) => victimParam(op, p))));
    expect(Object.keys(victim.ids).filter((k) => k !== 'userId' && !used.has(k))).toEqual([]);
  });

  it('the checks see a leak and a write', async () => {
    const me = await victim.user.client.get('/api/me');
    expect(leaked(me.body).length).toBeGreaterThan(0);
    expect(leaked((await victim.other.client.get('/api/me')).body)).toEqual([]);
    const before = await victimRowsDigest(t, victim.user.user.id);
    expect((await victim.user.client.put('/api/me/goals/weight', { value: 70 })).statusCode).toBe(200);
    const during = await victimRowsDigest(t, victim.user.user.id);
    expect(Object.keys(before).filter((name) => before[name] !== during[name])).toEqual(['goals']);
    expect((await victim.user.client.delete('/api/me/goals/weight')).statusCode).toBe(204);
    expect(await victimRowsDigest(t, victim.user.user.id)).toEqual(before);
  });

  it('foreign and refused credentials: the expected answer, nothing of the victim shown or changed', async () => {
    const list = cells().filter((c) => !c.entitled);
    const before = await victimRowsDigest(t, victim.user.user.id);
    const failures = await run(list, () => victim.ids);
    const after = await victimRowsDigest(t, victim.user.user.id);
    const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
    expect.soft(table(failures)).toBe('');
    expect(changed, "the victim's tables changed by foreign or refused requests").toEqual([]);
  }, 300_000);

  it("the victim's own credentials reach what they are entitled to", async () => {
    const list = cells().filter((c) => c.entitled);
    // Reads with the victim's ids; writes on random ids, so the fixture survives the pass.
    const failures = await run(list, (cell) => (cell.op.method === 'GET' ? victim.ids : null));
    expect(table(failures)).toBe('');
  }, 300_000);
});
