import type { Database } from '@vitalbase/server';
import type { VerifyEmail } from './run';

/**
 * Operator-only: reads the verification link from the instance's mail outbox (the embedded setup,
 * without SMTP_URL, keeps mail there) so simulated accounts can be verified without a mailbox.
 * Needs the database itself: in the server's process (the demo), or a PostgreSQL server
 * (`vitalbase simulate --verify-via-db` with DATABASE_URL).
 */
export function outboxVerifier(database: Pick<Database, 'raw'>, timeoutMs = 10_000): VerifyEmail {
  return async (email) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await database.raw.query<{ text: string }>(
        `SELECT text FROM mail_outbox WHERE "to" = $1 AND kind = 'verify-email' ORDER BY created_at DESC LIMIT 1`,
        [email.trim().toLowerCase()],
      );
      const token = tokenInLink(rows[0]?.text ?? '');
      if (token) return token;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(
      `No verification mail for ${email} in the outbox (with SMTP_URL set, mail goes to that server instead).`,
    );
  };
}

/** The `token` of the first link in a mail's text. */
export function tokenInLink(text: string): string | undefined {
  const link = text.match(/https?:\/\/\S+/)?.[0];
  if (!link) return undefined;
  return new URL(link).searchParams.get('token') ?? undefined;
}
