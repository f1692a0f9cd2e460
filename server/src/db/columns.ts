import { sql } from 'drizzle-orm';
import { timestamp, uuid } from 'drizzle-orm/pg-core';

/** Column helpers so every table spells the common columns the same way. */
export const userIdColumn = () => uuid('user_id').notNull();
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
export const idColumn = () => uuid('id').notNull().default(sql`gen_random_uuid()`);
