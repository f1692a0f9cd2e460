import { type AppContext, createAppContext, type Database, loadConfig } from '@vitalbase/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../server/src/test/database';
import { firmwareList, firmwarePublish, firmwareRequire } from './firmware';

let database: Database;
let ctx: AppContext;
beforeAll(async () => {
  database = await createTestDatabase();
  ctx = createAppContext({ config: loadConfig({ LOG_LEVEL: 'silent' }), database });
});
afterAll(() => database?.close());

describe('vitalbase firmware', () => {
  it('publishes, lists and marks a version required', async () => {
    const lines: string[] = [];
    const print = (line: string) => lines.push(line);
    const sha256 = 'AB'.repeat(32);
    await firmwarePublish(
      ctx,
      { model: 'vb-bpm', version: '1.2.0', url: 'https://fw.example.test/bpm-1.2.0.bin', sha256 },
      print,
    );
    expect(lines).toEqual(['published vb-bpm 1.2.0: https://fw.example.test/bpm-1.2.0.bin']);
    const [model] = await firmwareList(ctx, 'vb-bpm', print);
    expect(model?.versions.map((v) => [v.version, v.required, v.sha256])).toEqual([
      ['1.2.0', false, sha256.toLowerCase()],
      ['1.1.0', false, null],
      ['1.0.0', false, null],
    ]);
    expect((await firmwareRequire(ctx, 'vb-bpm', '1.2.0', print)).required).toBe(true);
    await expect(firmwareRequire(ctx, 'vb-bpm', '7.0.0', print)).rejects.toThrow(/not found/i);
    await expect(
      firmwarePublish(
        ctx,
        { model: 'vb-bpm', version: 'x', url: 'https://fw.example.test/x', sha256 },
        print,
      ),
    ).rejects.toThrow(/firmware version/);
  });
});
