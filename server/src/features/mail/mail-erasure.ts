import { and, eq, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { mailOutbox } from './mail.schema';

/** The erased account as other people's mail may name it. */
export interface ErasedPerson {
  email: string;
  displayName: string;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Erasure in the outbox beyond the account's own mail (deleted by user_id): mail kept for other
 * accounts that names the erased one, e.g. a household invitation ("Erin invited you …"), or that
 * was addressed to its email (a parent's link about a child). Such mail is deleted, not rewritten: a
 * copy that no longer says what was sent is worth less than none, and the outbox only keeps copies
 * for the operator of an embedded setup (the mail itself went out, or was read, long ago). The name
 * is matched as a whole word, so "Ann" does not take mail to "Anna"; a name the user had before a
 * rename is not known any more and is not matched. Answers how many mails went.
 */
export async function forgetUserInOutbox(db: Executor, person: ErasedPerson): Promise<number> {
  const email = person.email.toLowerCase();
  const name = person.displayName.trim();
  const body = sql`${mailOutbox.subject} || ' ' || ${mailOutbox.text}`;
  const candidates = await db
    .select({
      userId: mailOutbox.userId,
      id: mailOutbox.id,
      to: mailOutbox.to,
      subject: mailOutbox.subject,
      text: mailOutbox.text,
    })
    .from(mailOutbox)
    .where(
      or(
        sql`lower(${mailOutbox.to}) = ${email}`,
        sql`strpos(lower(${body}), ${email}) > 0`,
        name ? sql`strpos(${body}, ${name}) > 0` : undefined,
      ),
    );
  const wholeName = name
    ? new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(name)}(?![\\p{L}\\p{N}_])`, 'u')
    : null;
  let deleted = 0;
  for (const mail of candidates) {
    const text = `${mail.subject} ${mail.text}`;
    const byAddress = mail.to.toLowerCase() === email || text.toLowerCase().includes(email);
    // Found by the name alone: only where it stands as a whole word.
    if (!byAddress && !wholeName?.test(text)) continue;
    await db.delete(mailOutbox).where(and(eq(mailOutbox.userId, mail.userId), eq(mailOutbox.id, mail.id)));
    deleted += 1;
  }
  return deleted;
}
