import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
const base = '/api/health-data';

describe('manual entry and rectification (P8)', () => {
  it('adds a reading, corrects it keeping the original, and deletes it from every query', async () => {
    const { user, client } = await createTestUser(t);
    const takenAt = hoursAgo(5);
    const add = await client.post(`${base}/readings`, {
      takenAt,
      measures: [
        { metric: 'systolic_bp', value: 135, unit: 'mmHg' },
        { metric: 'diastolic_bp', value: 85, unit: 'mmHg' },
      ],
    });
    expect(add.statusCode).toBe(201);
    const reading = add.json();
    expect(reading.source).toBe('manual');
    const id = reading.id as string;

    let derived = await client.get(
      `${base}/derived?kind=bp_category&from=${hoursAgo(24)}&to=${hoursAgo(-1)}`,
    );
    expect(derived.json().items).toEqual([
      expect.objectContaining({ key: id, label: 'hypertension_stage_1' }),
    ]);
    expect(derived.json().derived).toBe(true);

    const patched = await client.patch(`${base}/readings/${id}`, {
      measures: [{ metric: 'systolic_bp', value: 118, unit: 'mmHg' }],
    });
    expect(patched.statusCode).toBe(200);
    const sys = patched.json().measures.find((m: { metric: string }) => m.metric === 'systolic_bp');
    expect(sys).toMatchObject({ value: 118, correction: { originalValue: 135, correctedBy: user.id } });
    // A second correction keeps the very first value.
    await client.patch(`${base}/readings/${id}`, {
      measures: [{ metric: 'systolic_bp', value: 119, unit: 'mmHg' }],
    });
    const again = (await client.get(`${base}/readings/${id}`)).json();
    expect(
      again.measures.find((m: { metric: string }) => m.metric === 'systolic_bp').correction.originalValue,
    ).toBe(135);
    derived = await client.get(`${base}/derived?kind=bp_category&from=${hoursAgo(24)}&to=${hoursAgo(-1)}`);
    expect(derived.json().items[0].label).toBe('hypertension_stage_1'); // diastolic 85 still stage 1

    const since = hoursAgo(1);
    expect((await client.delete(`${base}/readings/${id}`)).statusCode).toBe(204);
    expect((await client.get(`${base}/readings/${id}`)).statusCode).toBe(404);
    const list = await client.get(
      `${base}/readings?metric=systolic_bp&from=${hoursAgo(24)}&to=${hoursAgo(-1)}`,
    );
    expect(list.json().items).toEqual([]);
    const ts = await client.get(
      `${base}/timeseries?metric=systolic_bp&from=${hoursAgo(24)}&to=${hoursAgo(-1)}`,
    );
    expect(ts.json().buckets).toEqual([]);
    const latest = await client.get(`${base}/latest`);
    expect(latest.json().raw).toEqual([]);
    expect(latest.json().derived).toEqual([]);
    const changes = (await client.get(`${base}/changes?since=${since}`)).json();
    expect(changes.readings).toEqual([expect.objectContaining({ id, deleted: true, measures: [] })]);
  });

  it('refuses bad input with a 4xx and the error format, storing nothing', async () => {
    const { client } = await createTestUser(t);
    const bad: Array<[unknown, string]> = [
      [{ takenAt: hoursAgo(1), measures: [{ metric: 'weight', value: 0, unit: 'kg' }] }, 'out_of_range'],
      [{ takenAt: hoursAgo(1), measures: [{ metric: 'weight', value: 2000, unit: 'kg' }] }, 'out_of_range'],
      [
        { takenAt: hoursAgo(1), measures: [{ metric: 'heart_rate', value: 400, unit: 'bpm' }] },
        'out_of_range',
      ],
      [
        { takenAt: hoursAgo(1), measures: [{ metric: 'weight', value: 70, unit: 'furlong' }] },
        'unknown_unit',
      ],
      [{ takenAt: hoursAgo(1), measures: [{ metric: 'weight', value: 70, unit: 'mmHg' }] }, 'unknown_unit'],
      [
        { takenAt: hoursAgo(1), measures: [{ metric: 'unobtainium', value: 1, unit: 'kg' }] },
        'unknown_metric',
      ],
      [{ takenAt: hoursAgo(1), measures: [{ metric: 'bmi', value: 22, unit: 'kg/m2' }] }, 'derived_metric'],
      [{ takenAt: hoursAgo(1), measures: [{ metric: 'battery', value: 50, unit: '%' }] }, 'not_manual'],
      [
        { takenAt: '1899-12-31T23:00:00Z', measures: [{ metric: 'weight', value: 70, unit: 'kg' }] },
        'too_early',
      ],
      [{ takenAt: hoursAgo(-48), measures: [{ metric: 'weight', value: 70, unit: 'kg' }] }, 'in_future'],
      [
        {
          takenAt: hoursAgo(1),
          measures: [
            { metric: 'weight', value: 70, unit: 'kg' },
            { metric: 'weight', value: 71, unit: 'kg' },
          ],
        },
        'duplicate_metric',
      ],
    ];
    for (const [body, code] of bad) {
      const res = await client.post(`${base}/readings`, body);
      expect(res.statusCode, code).toBe(400);
      expect(res.json().error.details.map((d: { code: string }) => d.code)).toContain(code);
      expect(res.body).not.toMatch(/2000|400|unobtainium|furlong/);
    }
    const schemaBad: unknown[] = [
      { takenAt: hoursAgo(1), measures: [{ metric: 'weight', value: 'NaN', unit: 'kg' }] },
      { takenAt: hoursAgo(1), measures: [{ metric: 'weight', value: 'Infinity', unit: 'kg' }] },
      { takenAt: hoursAgo(1), measures: [{ metric: 'weight', value: 'seventy', unit: 'kg' }] },
      { takenAt: '2026-01-10T07:31:00', measures: [{ metric: 'weight', value: 70, unit: 'kg' }] },
      { takenAt: 'yesterday', measures: [{ metric: 'weight', value: 70, unit: 'kg' }] },
      { takenAt: hoursAgo(1), measures: [] },
      {},
    ];
    for (const body of schemaBad) {
      const res = await client.post(`${base}/readings`, body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
    }
    const malformed = await client.post(`${base}/readings`, '{"takenAt":', {
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.statusCode).toBe(400);
    expect((await client.get(`${base}/latest`)).json().raw).toEqual([]);
    expect(
      (await client.get(`${base}/readings?metric=nope&from=${hoursAgo(2)}&to=${hoursAgo(1)}`)).statusCode,
    ).toBe(400);
    expect(
      (await client.get(`${base}/readings?metric=weight&from=${hoursAgo(1)}&to=${hoursAgo(2)}`)).statusCode,
    ).toBe(400);
    expect(
      (
        await client.get(
          `${base}/readings?metric=weight&from=${hoursAgo(2)}&to=${hoursAgo(1)}&cursor=garbage`,
        )
      ).statusCode,
    ).toBe(400);
    expect((await client.get(`${base}/readings/not-a-uuid`)).statusCode).toBe(400);
  });

  it('answers a duplicate manual entry with 409 and a bad correction with 400', async () => {
    const { client } = await createTestUser(t);
    const body = { takenAt: hoursAgo(2), measures: [{ metric: 'weight', value: 70, unit: 'kg' }] };
    const first = await client.post(`${base}/readings`, body);
    expect((await client.post(`${base}/readings`, body)).statusCode).toBe(409);
    const id = first.json().id;
    expect(
      (
        await client.patch(`${base}/readings/${id}`, {
          measures: [{ metric: 'weight', value: 0, unit: 'kg' }],
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await client.patch(`${base}/readings/${id}`, {
          measures: [{ metric: 'fat_ratio', value: 20, unit: '%' }],
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await client.patch(`${base}/readings/${id}`, { takenAt: '1800-01-01T00:00:00Z' })).statusCode,
    ).toBe(400);
    expect((await client.patch(`${base}/readings/${id}`, {})).statusCode).toBe(400);
    expect((await client.get(`${base}/readings/${id}`)).json().measures[0]).toEqual({
      metric: 'weight',
      value: 70,
      unit: 'kg',
    });
  });

  it("answers 404 to another user's reading on read, edit and delete, and leaves it intact", async () => {
    const owner = await createTestUser(t);
    const other = await createTestUser(t);
    const res = await owner.client.post(`${base}/readings`, {
      takenAt: hoursAgo(3),
      measures: [{ metric: 'weight', value: 80, unit: 'kg' }],
    });
    const id = res.json().id;
    expect((await other.client.get(`${base}/readings/${id}`)).statusCode).toBe(404);
    expect(
      (
        await other.client.patch(`${base}/readings/${id}`, {
          measures: [{ metric: 'weight', value: 60, unit: 'kg' }],
        })
      ).statusCode,
    ).toBe(404);
    expect((await other.client.delete(`${base}/readings/${id}`)).statusCode).toBe(404);
    const list = await other.client.get(
      `${base}/readings?metric=weight&from=${hoursAgo(24)}&to=${hoursAgo(-1)}`,
    );
    expect(list.json().items).toEqual([]);
    expect((await other.client.get(`${base}/changes?since=${hoursAgo(24)}`)).json().readings).toEqual([]);
    const mine = await owner.client.get(`${base}/readings/${id}`);
    expect(mine.json().measures[0].value).toBe(80);
  });

  it('computes BMI from weight and the latest height, and recomputes it when the height changes', async () => {
    const { client } = await createTestUser(t);
    await client.post(`${base}/readings`, {
      takenAt: hoursAgo(10),
      measures: [{ metric: 'height', value: 180, unit: 'cm' }],
    });
    const w = await client.post(`${base}/readings`, {
      takenAt: hoursAgo(5),
      measures: [{ metric: 'weight', value: 81, unit: 'kg' }],
    });
    const q = `${base}/derived?kind=bmi&from=${hoursAgo(24)}&to=${hoursAgo(-1)}`;
    expect((await client.get(q)).json().items).toEqual([
      expect.objectContaining({ key: w.json().id, value: 25 }),
    ]);
    await client.post(`${base}/readings`, {
      takenAt: hoursAgo(1),
      measures: [{ metric: 'height', value: 1.9, unit: 'm' }],
    });
    expect((await client.get(q)).json().items[0].value).toBe(22.4);
    await client.delete(`${base}/readings/${w.json().id}`);
    expect((await client.get(q)).json().items).toEqual([]);
  });

  it('pages readings with a cursor', async () => {
    const { client } = await createTestUser(t);
    for (let i = 0; i < 5; i++) {
      await client.post(`${base}/readings`, {
        takenAt: hoursAgo(10 - i),
        measures: [{ metric: 'weight', value: 70 + i, unit: 'kg' }],
      });
    }
    const url = `${base}/readings?metric=weight&from=${hoursAgo(24)}&to=${hoursAgo(-1)}&limit=2`;
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ measures: Array<{ value: number }> }>; nextCursor: string | null } = (
        await client.get(cursor ? `${url}&cursor=${cursor}` : url)
      ).json();
      seen.push(...page.items.map((r) => r.measures[0]!.value));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([70, 71, 72, 73, 74]);
  });

  it("needs 'health:read' / 'health:write' on a personal access token", async () => {
    const owner = await createTestUser(t);
    const mk = async (scopes: string[]) => {
      const res = await owner.client.post('/api/me/tokens', { name: `t-${scopes.join('-')}`, scopes });
      expect(res.statusCode, res.body).toBe(201);
      return owner.client.bearer(res.json().token as string);
    };
    const reader = await mk(['health:read']);
    const writer = await mk(['health:write']);
    const body = { takenAt: hoursAgo(2), measures: [{ metric: 'weight', value: 70, unit: 'kg' }] };
    const denied = await reader.post(`${base}/readings`, body);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('insufficient_scope');
    expect((await writer.post(`${base}/readings`, body)).statusCode).toBe(201);
    expect((await writer.get(`${base}/latest`)).statusCode).toBe(403);
    expect((await reader.get(`${base}/latest`)).json().raw).toEqual([
      expect.objectContaining({ metric: 'weight', value: 70 }),
    ]);
  });
});
