import { and, desc, eq, gt, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { type HotStatement, hotQuery } from '../../db/hot-sql';
import type { SessionFacts } from '../../lib/auth';
import { pluggedSessionFacts } from './account-plugs';
import { sessions } from './accounts.schema';
import type { UserRow } from './users.repo';

export type SessionRow = typeof sessions.$inferSelect;

/**
 * The session with its account's state (`session_find_active`), or with the plugged facts too
 * (`session_find_active_facts`, account-plugs.ts); both texts fixed at first use.
 */
let findActiveStatements:
  | { plain: HotStatement; withFacts: HotStatement; facts: Array<keyof SessionFacts> }
  | undefined;
function findActiveStatement(withFacts: boolean) {
  if (!findActiveStatements) {
    const facts = [...pluggedSessionFacts()];
    const text = (
      columns: string,
    ) => `SELECT s.user_id, s.id, s.stage, s.user_agent, s.ip, s.new_device, s.second_factor_at, s.created_at,
      s.last_seen_at, s.expires_at, u.state AS account_state${columns}
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.user_id = $1::uuid AND s.id = $2::text AND s.expires_at > $3::timestamptz`;
    findActiveStatements = {
      plain: { name: 'session_find_active', text: text('') },
      withFacts: {
        name: 'session_find_active_facts',
        text: text(facts.map(([, f], i) => `,\n      (${f.expression}) AS fact_${i}`).join('')),
      },
      facts: facts.map(([name]) => name),
    };
  }
  const { plain, facts } = findActiveStatements;
  return withFacts && facts.length
    ? { statement: findActiveStatements.withFacts, facts }
    : { statement: plain, facts: [] };
}
interface ActiveSessionRow {
  user_id: string;
  id: string;
  stage: SessionRow['stage'];
  user_agent: string | null;
  ip: string | null;
  new_device: boolean;
  second_factor_at: Date | null;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  account_state: UserRow['state'];
  [fact: `fact_${number}`]: unknown;
}

export function createSessionsRepo(db: Executor) {
  return {
    async insert(row: typeof sessions.$inferInsert, tx: Executor = db): Promise<void> {
      await tx.insert(sessions).values(row);
    },
    /**
     * The session with its account's state, in one statement (the auth hook's read on every request);
     * with `withFacts`, the plugged facts in the same statement (absent from `facts` otherwise).
     */
    async findActive(
      userId: string,
      id: string,
      now: Date,
      withFacts = false,
    ): Promise<(SessionRow & { accountState: UserRow['state']; facts: Partial<SessionFacts> }) | undefined> {
      // Every request of a browser starts here: a named prepared statement, mapped by hand (issue 17).
      const { statement, facts } = findActiveStatement(withFacts);
      const [row] = await hotQuery<ActiveSessionRow>(db, statement, [userId, id, now]);
      return (
        row && {
          userId: row.user_id,
          id: row.id,
          stage: row.stage,
          userAgent: row.user_agent,
          ip: row.ip,
          newDevice: row.new_device,
          secondFactorAt: row.second_factor_at,
          createdAt: row.created_at,
          lastSeenAt: row.last_seen_at,
          expiresAt: row.expires_at,
          accountState: row.account_state,
          facts: Object.fromEntries(facts.map((name, i) => [name, row[`fact_${i}`]])),
        }
      );
    },
    async listActive(userId: string, now: Date): Promise<SessionRow[]> {
      return db
        .select()
        .from(sessions)
        .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now), eq(sessions.stage, 'full')))
        .orderBy(desc(sessions.lastSeenAt));
    },
    async touch(userId: string, id: string, now: Date, extendTo: Date): Promise<void> {
      await db
        .update(sessions)
        .set({ lastSeenAt: now, expiresAt: extendTo })
        .where(and(eq(sessions.userId, userId), eq(sessions.id, id)));
    },
    /** The session passed a second factor now (a step-up, or a factor set up in it); false if gone. */
    async markSecondFactor(userId: string, id: string, at: Date): Promise<boolean> {
      const rows = await db
        .update(sessions)
        .set({ secondFactorAt: at })
        .where(and(eq(sessions.userId, userId), eq(sessions.id, id), eq(sessions.stage, 'full')))
        .returning({ id: sessions.id });
      return rows.length > 0;
    },
    /** Ends a session and answers it (undefined if it was already gone: one of two racers wins). */
    async take(userId: string, id: string, tx: Executor = db): Promise<SessionRow | undefined> {
      const [row] = await tx
        .delete(sessions)
        .where(and(eq(sessions.userId, userId), eq(sessions.id, id)))
        .returning();
      return row;
    },
    /** Returns how many rows went: 0 means no such session of this user (→ 404). */
    async delete(userId: string, id: string, tx: Executor = db): Promise<number> {
      const gone = await tx
        .delete(sessions)
        .where(and(eq(sessions.userId, userId), eq(sessions.id, id)))
        .returning({ id: sessions.id });
      return gone.length;
    },
    async deleteAllExcept(userId: string, keepId: string | undefined, tx: Executor = db): Promise<number> {
      const gone = await tx
        .delete(sessions)
        .where(and(eq(sessions.userId, userId), keepId ? ne(sessions.id, keepId) : undefined))
        .returning({ id: sessions.id });
      return gone.length;
    },
    async knownUserAgent(userId: string, userAgent: string): Promise<boolean> {
      const [row] = await db
        .select({ n: sql<number>`1` })
        .from(sessions)
        .where(and(eq(sessions.userId, userId), eq(sessions.userAgent, userAgent)))
        .limit(1);
      return Boolean(row);
    },
  };
}
export type SessionsRepo = ReturnType<typeof createSessionsRepo>;
