import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import type { AppContext } from '../../lib/context';
import { Invalid } from '../../lib/errors';
import { users } from '../accounts';
import type { Mailer } from '../mail';
import { consents } from './consents.schema';

const campaignInput = z.strictObject({
  subject: z.string().trim().min(3).max(200),
  body: z.string().trim().min(1).max(50_000),
});

export interface CampaignResult {
  sent: number;
}

/**
 * A marketing email from the operator (`vitalbase campaign send`). It reaches only active accounts whose
 * marketing_email consent is given (P13); everyone else is never even read. This is the operator's one
 * cross-account query here: it reads the consent table and the addresses of consenting users only, to
 * mail them what they asked for. Security alerts never come through here (recordSecurityEvent mails
 * them whatever the consents say).
 */
export async function sendCampaign(
  deps: { database: Pick<Database, 'db'>; mailer: Mailer; publicUrl: string },
  input: { subject: string; body: string },
): Promise<CampaignResult> {
  const parsed = campaignInput.safeParse(input);
  if (!parsed.success) throw new Invalid(parsed.error.issues[0]?.message ?? 'invalid campaign');
  const { subject, body } = parsed.data;
  const recipients = await deps.database.db
    .select({ id: users.id, email: users.email })
    .from(consents)
    .innerJoin(users, eq(users.id, consents.userId))
    .where(
      and(eq(consents.purpose, 'marketing_email'), eq(consents.granted, true), eq(users.state, 'active')),
    )
    .orderBy(asc(users.id));
  const footer = `\n\n—\nYou receive this because you agreed to news by email. Withdraw in one click: ${deps.publicUrl}/privacy`;
  let sent = 0;
  for (const r of recipients) {
    await deps.mailer.send({ userId: r.id, to: r.email, subject, text: body + footer, kind: 'marketing' });
    sent += 1;
  }
  return { sent };
}

/** For the CLI: mails with the context's mailer (the configured SMTP server, or the embedded outbox). */
export function sendCampaignAsOperator(
  ctx: Pick<AppContext, 'database' | 'mailer' | 'config'>,
  input: { subject: string; body: string },
): Promise<CampaignResult> {
  return sendCampaign({ database: ctx.database, mailer: ctx.mailer, publicUrl: ctx.config.publicUrl }, input);
}
