import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { hotQuery } from '../../db/hot-sql';
import { partnerConnections } from './oauth.schema';

export type ConnectionRow = typeof partnerConnections.$inferSelect;

/** The user's connection to the app, not disconnected. */
const isActive = (userId: string, clientId: string) =>
  and(
    eq(partnerConnections.userId, userId),
    eq(partnerConnections.clientId, clientId),
    isNull(partnerConnections.disconnectedAt),
  );

/** Every partner read checks this in its transaction (issue 17: a named prepared statement). */
const ACTIVE_SCOPES = {
  name: 'partner_connection_active_scopes',
  text: `SELECT scopes FROM partner_connections
    WHERE user_id = $1::uuid AND client_id = $2::text AND disconnected_at IS NULL`,
};

/** One user's connections to partner apps: every query is keyed by user_id first. */
export function createConnectionsRepo(db: Executor) {
  return {
    async find(userId: string, clientId: string, tx: Executor = db): Promise<ConnectionRow | undefined> {
      const [row] = await tx
        .select()
        .from(partnerConnections)
        .where(and(eq(partnerConnections.userId, userId), eq(partnerConnections.clientId, clientId)));
      return row;
    },
    async findActive(
      userId: string,
      clientId: string,
      tx: Executor = db,
    ): Promise<ConnectionRow | undefined> {
      const [row] = await tx.select().from(partnerConnections).where(isActive(userId, clientId));
      return row;
    },
    /** The scopes of the user's active connection to the app (a partner read's check, hand-written). */
    async activeScopes(userId: string, clientId: string, tx: Executor = db): Promise<string[] | undefined> {
      const [row] = await hotQuery<{ scopes: string[] }>(tx, ACTIVE_SCOPES, [userId, clientId]);
      return row?.scopes;
    },
    async listActive(userId: string, tx: Executor = db): Promise<ConnectionRow[]> {
      return tx
        .select()
        .from(partnerConnections)
        .where(and(eq(partnerConnections.userId, userId), isNull(partnerConnections.disconnectedAt)))
        .orderBy(desc(partnerConnections.connectedAt), desc(partnerConnections.clientId));
    },
    /**
     * The user approved the app: a new connection, or the scopes of an active one widened, or a
     * disconnected one started afresh (connected_at is then the new date).
     */
    async connect(
      userId: string,
      clientId: string,
      scopes: string[],
      at: Date,
      tx: Executor = db,
    ): Promise<void> {
      const existing = await this.find(userId, clientId, tx);
      if (!existing) {
        await tx.insert(partnerConnections).values({ userId, clientId, scopes, connectedAt: at });
        return;
      }
      const active = existing.disconnectedAt === null;
      const merged = active ? [...new Set([...existing.scopes, ...scopes])] : scopes;
      await tx
        .update(partnerConnections)
        .set({
          scopes: merged,
          ...(active ? {} : { connectedAt: at, disconnectedAt: null, lastReadAt: null }),
        })
        .where(and(eq(partnerConnections.userId, userId), eq(partnerConnections.clientId, clientId)));
    },
    /** Ends active connections (one app, or all of the user's); answers the client ids that ended. */
    async disconnect(
      userId: string,
      clientId: string | undefined,
      at: Date,
      tx: Executor = db,
    ): Promise<string[]> {
      const rows = await tx
        .update(partnerConnections)
        .set({ disconnectedAt: at })
        .where(
          and(
            eq(partnerConnections.userId, userId),
            clientId === undefined ? undefined : eq(partnerConnections.clientId, clientId),
            isNull(partnerConnections.disconnectedAt),
          ),
        )
        .returning({ clientId: partnerConnections.clientId });
      return rows.map((r) => r.clientId);
    },
  };
}
