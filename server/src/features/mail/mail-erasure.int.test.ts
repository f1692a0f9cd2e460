import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { forgetUserInOutbox } from './mail-erasure';
import { mailOutbox } from './mail.schema';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('forgetUserInOutbox', () => {
  it("deletes other people's mail that names the erased person or their address, and no other", async () => {
    const reader = await createTestUser(t);
    const mail = (subject: string, text: string, to = reader.user.email) =>
      t.database.db.insert(mailOutbox).values({ userId: reader.user.id, to, subject, text, kind: 'test' });
    await mail('You are invited', 'Ann Lee invited you to their household.');
    await mail('You are invited', 'Ann Leeson invited you to their household.');
    await mail('Hello', 'Write to ANN@Example.test for help.');
    await mail('A link for your child', 'Follow it.', 'ann@example.test');
    await mail('Nothing', 'Joanne and Ann Leigh are not Ann L.');

    expect(
      await forgetUserInOutbox(t.database.db, { email: 'ann@example.test', displayName: 'Ann Lee' }),
    ).toBe(3);
    const left = await t.database.db
      .select({ text: mailOutbox.text })
      .from(mailOutbox)
      .where(eq(mailOutbox.userId, reader.user.id));
    expect(left.map((m) => m.text).sort()).toEqual([
      'Ann Leeson invited you to their household.',
      'Joanne and Ann Leigh are not Ann L.',
    ]);
  });
});
