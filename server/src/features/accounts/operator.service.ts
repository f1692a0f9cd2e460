import { birthDateField, countryField, displayNameField, emailField, timeZoneField } from '@vitalbase/core';
import { and, count, desc, eq, gt, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import type { AppContext } from '../../lib/context';
import { Conflict, Invalid, NotFound } from '../../lib/errors';
import { randomToken } from '../../lib/tokens';
import { accessUserData, accessUsersData } from '../access-log';
import { auditEvents } from '../audit';
import { mailOutbox } from '../mail';
import { sessions, users } from './accounts.schema';
import { accountPlug } from './account-plugs';
import { newAccount } from './new-account';
import { createSessionsRepo } from './sessions.repo';
import { createUsersRepo, type UserRow } from './users.repo';

/**
 * What an operator does from the command line (`vitalbase user …`, `vitalbase mail`). These read the
 * users directory and the outbox across accounts, which only the operator's tools may do; every change
 * to an account is recorded in its audit trail (the context's, as the server's) with the operator as actor.
 */

/** What a change to an account needs: the same context the server builds (createAppContext). */
type OperatorContext = Pick<AppContext, 'database' | 'audit' | 'now'>;

const newUserInput = z.object({
  email: emailField,
  displayName: displayNameField,
  birthDate: birthDateField,
  country: countryField,
  password: z.string().optional(),
  timeZone: timeZoneField.optional(),
});

export interface OperatorUserView {
  id: string;
  email: string;
  displayName: string;
  state: string;
  emailVerified: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
}

const view = (u: UserRow): OperatorUserView => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  state: u.state,
  emailVerified: Boolean(u.emailVerifiedAt),
  createdAt: u.createdAt,
  lastLoginAt: u.lastLoginAt,
});

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'input'}: ${issue.message}` : 'invalid input';
}

/**
 * Creates a verified, active account (the operator vouches for the address). Without a password, a
 * strong one is generated and returned once.
 */
export async function createUserAsOperator(
  ctx: OperatorContext,
  input: z.input<typeof newUserInput>,
  opts: { digitalConsentAges?: Record<string, number>; digitalConsentAge?: number } = {},
): Promise<{ user: OperatorUserView; generatedPassword?: string }> {
  const parsed = newUserInput.safeParse(input);
  if (!parsed.success) throw new Invalid(firstIssue(parsed.error));
  const body = parsed.data;
  const generatedPassword = body.password ? undefined : `${randomToken(12)}-${randomToken(6)}`;
  const repo = createUsersRepo(ctx.database.db);
  const { row } = await newAccount(
    { ...body, password: body.password ?? generatedPassword! },
    {
      now: ctx.now(),
      digitalConsentAges: opts.digitalConsentAges,
      digitalConsentAge: opts.digitalConsentAge,
      verified: true,
      forMinor(minor) {
        if (minor)
          throw new Invalid(
            'This person is under the age of digital consent: they must sign up with a parent.',
          );
      },
    },
  );
  if (await repo.findByEmail(body.email)) throw new Conflict('An account with this email already exists.');
  // The person accepted nothing: the versions in force are owed, asked at their first sign-in.
  const recordOwed = await accountPlug('signUpPolicies')(ctx).owed();
  const user = await ctx.database.db.transaction(async (tx) => {
    const inserted = await createUsersRepo(tx).insert(row);
    await recordOwed(tx, inserted.id);
    return inserted;
  });
  await ctx.audit.record({
    userId: user.id,
    actorType: 'operator',
    actorId: 'cli',
    action: 'signup',
    details: { by: 'operator' },
  });
  return { user: view(user), generatedPassword };
}

/** The command line as the access log names it (P26: every staff read of personal data is recorded). */
const CLI_OPERATOR = { type: 'operator', id: 'cli', name: 'Vitalbase operator (command line)' } as const;

/**
 * Reads what `read` selects of the accounts `userIds` through the access point: one access-log row per
 * account that exists (an outbox message may be to an address with no account), in one transaction.
 */
async function readAsOperator<T>(
  database: Database,
  userIds: readonly string[],
  opts: { purpose: string; what: string[]; now?: Date },
  read: Parameters<typeof accessUsersData<T>>[2],
): Promise<T> {
  const unique = [...new Set(userIds)];
  const existing = unique.length
    ? (await database.db.select({ id: users.id }).from(users).where(inArray(users.id, unique))).map(
        (u) => u.id,
      )
    : [];
  const now = opts.now ?? new Date();
  return accessUsersData(
    { database, now: () => now },
    existing.map((userId) => ({ actor: CLI_OPERATOR, userId, purpose: opts.purpose, what: opts.what })),
    read,
  );
}

/** `vitalbase user list`: each account listed is a read of its identity, in its access log. */
export async function listUsersAsOperator(
  database: Database,
  opts: { limit?: number; state?: UserRow['state']; purpose?: string; now?: Date } = {},
): Promise<OperatorUserView[]> {
  const ids = await database.db
    .select({ id: users.id })
    .from(users)
    .where(opts.state ? eq(users.state, opts.state) : undefined)
    .orderBy(desc(users.createdAt))
    .limit(Math.min(Math.max(opts.limit ?? 50, 1), 1000));
  if (ids.length === 0) return [];
  const purpose = `account administration (vitalbase user list): ${opts.purpose ?? 'no purpose given'}`;
  const rows = await readAsOperator(
    database,
    ids.map((u) => u.id),
    { purpose, what: ['identity', 'account_state'], now: opts.now },
    (tx) =>
      tx
        .select()
        .from(users)
        .where(
          inArray(
            users.id,
            ids.map((u) => u.id),
          ),
        )
        .orderBy(desc(users.createdAt)),
  );
  return rows.map(view);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function findUser(database: Database, emailOrId: string): Promise<UserRow> {
  const repo = createUsersRepo(database.db);
  const user = UUID.test(emailOrId)
    ? await repo.findById(emailOrId.toLowerCase())
    : await repo.findByEmail(emailOrId);
  if (!user) throw new NotFound('Account');
  return user;
}

/**
 * The user id behind an email or an id, for tools that read no personal data (`vitalbase audit
 * verify`): an id is taken as it is, so the chain of an account that is gone can be named too.
 */
export async function resolveUserIdAsOperator(database: Database, emailOrId: string): Promise<string> {
  if (UUID.test(emailOrId)) return emailOrId.toLowerCase();
  return (await findUser(database, emailOrId)).id;
}

/** Reads a user's identity data: through the access point, so the user sees it in their access log. */
export async function showUserAsOperator(database: Database, emailOrId: string, now = new Date()) {
  const found = await findUser(database, emailOrId);
  const { user, active, recent } = await accessUserData(
    { database, now: () => now },
    {
      actor: { type: 'operator', id: 'cli', name: 'Vitalbase operator (command line)' },
      userId: found.id,
      purpose: 'account administration (vitalbase user show)',
      what: ['identity', 'sessions', 'security_events'],
    },
    async (tx) => {
      const user = (await createUsersRepo(database.db).findById(found.id, tx)) ?? found;
      const [active] = await tx
        .select({ n: count() })
        .from(sessions)
        .where(and(eq(sessions.userId, user.id), gt(sessions.expiresAt, now)));
      const recent = await tx
        .select({ at: auditEvents.at, action: auditEvents.action, ip: auditEvents.ip })
        .from(auditEvents)
        .where(eq(auditEvents.userId, user.id))
        .orderBy(desc(auditEvents.at))
        .limit(10);
      return { user, active, recent };
    },
  );
  return {
    ...view(user),
    birthDate: user.birthDate,
    country: user.country,
    locale: user.locale,
    timeZone: user.timeZone,
    failedLoginCount: user.failedLoginCount,
    lockedUntil: user.lockedUntil,
    activeSessions: Number(active?.n ?? 0),
    recentEvents: recent,
  };
}

/** Disables the account and ends all its sessions; the user can no longer sign in. */
export async function disableUserAsOperator(
  ctx: OperatorContext,
  emailOrId: string,
  opts: { reason?: string } = {},
): Promise<{ user: OperatorUserView; sessionsEnded: number }> {
  const { database } = ctx;
  const user = await findUser(database, emailOrId);
  const now = ctx.now();
  const ended = await database.db.transaction(async (tx) => {
    await createUsersRepo(database.db).update(user.id, { state: 'disabled', updatedAt: now }, tx);
    return createSessionsRepo(database.db).deleteAllExcept(user.id, undefined, tx);
  });
  await ctx.audit.record({
    userId: user.id,
    actorType: 'operator',
    actorId: 'cli',
    action: 'account_disabled',
    details: { reason: opts.reason ?? null, sessionsEnded: ended },
  });
  return { user: { ...view(user), state: 'disabled' }, sessionsEnded: ended };
}

export interface OutboxEntry {
  at: Date;
  to: string;
  subject: string;
  kind: string;
  links: string[];
}

/** The embedded outbox (mail kept in the database when no SMTP_URL is set), newest first. */
export async function listOutbox(
  database: Database,
  opts: { to?: string; limit?: number; purpose?: string; now?: Date } = {},
): Promise<OutboxEntry[]> {
  const keys = await database.db
    .select({ userId: mailOutbox.userId, id: mailOutbox.id })
    .from(mailOutbox)
    .where(opts.to ? eq(mailOutbox.to, opts.to.trim().toLowerCase()) : undefined)
    .orderBy(desc(mailOutbox.createdAt))
    .limit(Math.min(Math.max(opts.limit ?? 20, 1), 1000));
  const purpose = `reading the embedded outbox (vitalbase mail): ${opts.purpose ?? 'no purpose given'}`;
  const rows = await readAsOperator(
    database,
    keys.map((k) => k.userId),
    { purpose, what: ['identity', 'mail'], now: opts.now },
    (tx) =>
      keys.length
        ? tx
            .select()
            .from(mailOutbox)
            .where(
              inArray(
                mailOutbox.id,
                keys.map((k) => k.id),
              ),
            )
            .orderBy(desc(mailOutbox.createdAt))
        : Promise.resolve([]),
  );
  return rows.map((m) => ({
    at: m.createdAt,
    to: m.to,
    subject: m.subject,
    kind: m.kind,
    links: m.text.match(/https?:\/\/\S+/g) ?? [],
  }));
}
