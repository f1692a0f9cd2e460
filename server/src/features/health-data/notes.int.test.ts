import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteUserData } from '../../db/delete-user-data';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const base = '/api/health-data';
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();

async function weighIn(u: TestUser, kg = 80.2): Promise<string> {
  const res = await u.client.post(`${base}/readings`, {
    takenAt: hoursAgo(2),
    measures: [{ metric: 'weight', value: kg, unit: 'kg' }],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function noteRows(userId: string): Promise<number> {
  const { rows } = await t.database.raw.query<{ n: number | string }>(
    'SELECT count(*) AS n FROM health_reading_notes WHERE user_id = $1',
    [userId],
  );
  return Number(rows[0]?.n ?? 0);
}

describe('notes and tags on a reading', () => {
  it('are set, normalized, shown with the reading and in its lists, and removed', async () => {
    const u = await createTestUser(t);
    const id = await weighIn(u);
    const put = await u.client.put(`${base}/readings/${id}/note`, {
      note: '  After coffee\r\nand a run  ',
      tags: ['#Travel', 'travel ', 'Morning   run', '##'],
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({
      readingId: id,
      note: 'After coffee\nand a run',
      tags: ['travel', 'morning run'],
    });
    expect(put.json().updatedAt).toEqual(expect.any(String));

    const one = (await u.client.get(`${base}/readings/${id}`)).json();
    expect(one.annotation).toEqual({ note: 'After coffee\nand a run', tags: ['travel', 'morning run'] });
    const list = (
      await u.client.get(`${base}/readings?metric=weight&from=${hoursAgo(24)}&to=${hoursAgo(-1)}`)
    ).json();
    expect(list.items[0].annotation.tags).toEqual(['travel', 'morning run']);

    // An edit replaces the note; an empty one without tags is no note.
    const edited = await u.client.put(`${base}/readings/${id}/note`, { note: 'Fasting', tags: [] });
    expect(edited.json()).toMatchObject({ note: 'Fasting', tags: [] });
    const cleared = await u.client.put(`${base}/readings/${id}/note`, { note: '   ', tags: [] });
    expect(cleared.json()).toEqual({ readingId: id, note: '', tags: [], updatedAt: null });
    expect(await noteRows(u.user.id)).toBe(0);
    expect((await u.client.get(`${base}/readings/${id}`)).json().annotation).toBeUndefined();

    await u.client.put(`${base}/readings/${id}/note`, { tags: ['sick'] });
    expect((await u.client.delete(`${base}/readings/${id}/note`)).statusCode).toBe(204);
    expect(await noteRows(u.user.id)).toBe(0);
  });

  it('refuse what is too long or too many, pointing at the field', async () => {
    const u = await createTestUser(t);
    const id = await weighIn(u);
    const cases: Array<[unknown, string]> = [
      [{ note: 'x'.repeat(1001) }, 'note'],
      [{ tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, 'tags'],
      [{ tags: ['y'.repeat(33)] }, 'tags.0'],
      [{ tags: ['  '] }, 'tags.0'],
      [{ note: 'ok', extra: 1 }, ''],
    ];
    for (const [body, path] of cases) {
      const res = await u.client.put(`${base}/readings/${id}/note`, body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 40)).toBe(400);
      const err = res.json().error;
      expect(err.code).toBe('invalid_input');
      if (path) expect(err.details.map((d: { path: string }) => d.path)).toContain(path);
      // The text is health data: never echoed back.
      expect(res.body).not.toContain('xxxxxxxxxx');
    }
    // At the limits it is accepted.
    const max = await u.client.put(`${base}/readings/${id}/note`, {
      note: 'n'.repeat(1000),
      tags: Array.from({ length: 10 }, (_, i) => `${'z'.repeat(30)}${i}`),
    });
    expect(max.statusCode, max.body).toBe(200);
  });

  it("are 404 on another person's reading, a deleted one, one that does not exist", async () => {
    const a = await createTestUser(t);
    const b = await createTestUser(t);
    const id = await weighIn(a);
    for (const res of [
      await b.client.put(`${base}/readings/${id}/note`, { note: 'mine' }),
      await b.client.delete(`${base}/readings/${id}/note`),
      await a.client.put(`${base}/readings/00000000-0000-4000-8000-000000000000/note`, { note: 'x' }),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    expect(await noteRows(b.user.id)).toBe(0);
    await a.client.put(`${base}/readings/${id}/note`, { note: 'after coffee' });
    expect((await a.client.delete(`${base}/readings/${id}`)).statusCode).toBe(204);
    // Gone with the reading, and a deleted reading takes none.
    expect(await noteRows(a.user.id)).toBe(0);
    expect((await a.client.put(`${base}/readings/${id}/note`, { note: 'x' })).statusCode).toBe(404);
  });

  it('need the CSRF token from a browser session', async () => {
    const u = await createTestUser(t);
    const id = await weighIn(u);
    const forged = await u.client.put(
      `${base}/readings/${id}/note`,
      { note: 'x' },
      { headers: { 'x-csrf-token': 'forged' } },
    );
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('csrf_invalid');
    expect(await noteRows(u.user.id)).toBe(0);
  });

  it('are erased with the account', async () => {
    const u = await createTestUser(t);
    const id = await weighIn(u);
    await u.client.put(`${base}/readings/${id}/note`, { note: 'after coffee', tags: ['x'] });
    expect(await noteRows(u.user.id)).toBe(1);
    const counts = await deleteUserData(t.database.db, u.user.id);
    expect(counts.health_reading_notes).toBe(1);
    expect(await noteRows(u.user.id)).toBe(0);
  });
});
