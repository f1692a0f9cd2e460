import type { RequestMeta } from '../../lib/request-meta';
import type { Db, Executor } from '../../db/client';
import type { AppContext } from '../../lib/context';
import { NotFound } from '../../lib/errors';
import { hashToken, randomToken } from '../../lib/tokens';
import { SESSION_IDLE_MS } from './auth.hook';
import { recordSecurityEvent } from './security-events';
import { createSessionsRepo, type SessionsRepo } from './sessions.repo';
import { describeUserAgent } from './user-agent';

/** How long a password-accepted sign-in waits for its second factor. */
const SECOND_FACTOR_WINDOW_MS = 10 * 60 * 1000;

export interface NewSession {
  /** The cookie value `<userId>.<secret>`; only sha256(secret) is stored, as the session id. */
  cookie: string;
  id: string;
}

export async function createSession(
  sessions: Pick<SessionsRepo, 'insert'>,
  opts: {
    userId: string;
    stage: 'full' | 'second_factor';
    userAgent?: string;
    ip: string | null;
    newDevice: boolean;
    now: Date;
    /** The session passed a second factor as it opens (the second step of a sign-in). */
    secondFactorAt?: Date;
  },
  tx?: Executor,
): Promise<NewSession> {
  const secret = randomToken();
  const id = hashToken(secret);
  await sessions.insert(
    {
      userId: opts.userId,
      id,
      stage: opts.stage,
      userAgent: opts.userAgent?.slice(0, 500),
      ip: opts.ip,
      newDevice: opts.newDevice,
      secondFactorAt: opts.secondFactorAt ?? null,
      createdAt: opts.now,
      lastSeenAt: opts.now,
      // A half-signed-in session (second factor owed) lives minutes, not the idle month of a full one.
      expiresAt: new Date(
        opts.now.getTime() + (opts.stage === 'second_factor' ? SECOND_FACTOR_WINDOW_MS : SESSION_IDLE_MS),
      ),
    },
    tx,
  );
  return { cookie: `${opts.userId}.${secret}`, id };
}

/**
 * A sign-in that passed its second factor gets a new session id at stage 'full'; the pending one is
 * ended, so a session id known before the sign-in completed (fixed by an attacker, or read while
 * half-signed-in) never becomes a signed-in session. Undefined if the pending session is gone.
 */
export async function renewSession(
  db: Db,
  sessions: Pick<SessionsRepo, 'take' | 'insert'>,
  opts: { userId: string; id: string; now: Date },
): Promise<NewSession | undefined> {
  return db.transaction(async (tx) => {
    const pending = await sessions.take(opts.userId, opts.id, tx);
    if (!pending) return undefined;
    return createSession(
      sessions,
      {
        userId: opts.userId,
        stage: 'full',
        userAgent: pending.userAgent ?? undefined,
        ip: pending.ip,
        newDevice: pending.newDevice,
        now: opts.now,
        // Only the second step renews a session: the new one has passed the second factor.
        secondFactorAt: opts.now,
      },
      tx,
    );
  });
}

export interface SessionView {
  id: string;
  current: boolean;
  browser: string;
  os: string;
  device: string;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
}

export function createSessionsService(ctx: AppContext) {
  const sessions = createSessionsRepo(ctx.database.db);
  return {
    async list(userId: string, currentId: string | undefined): Promise<SessionView[]> {
      const rows = await sessions.listActive(userId, ctx.now());
      return rows.map((s) => ({
        id: s.id,
        current: s.id === currentId,
        ...describeUserAgent(s.userAgent),
        ip: s.ip,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
      }));
    },
    /** Only the user's own sessions can go: any other id answers 404, whoever it belongs to. */
    async revoke(meta: RequestMeta, userId: string, id: string): Promise<void> {
      const gone = await sessions.delete(userId, id);
      if (!gone) throw new NotFound('Session');
      await recordSecurityEvent(ctx, meta, { userId, action: 'session_revoked', details: { sessionId: id } });
    },
    async signOut(meta: RequestMeta, userId: string, sessionId: string): Promise<void> {
      await sessions.delete(userId, sessionId);
      await recordSecurityEvent(ctx, meta, { userId, action: 'logout' });
    },
    async signOutAll(meta: RequestMeta, userId: string): Promise<void> {
      const count = await sessions.deleteAllExcept(userId, undefined);
      await recordSecurityEvent(ctx, meta, { userId, action: 'logout_all', details: { sessions: count } });
    },
  };
}
