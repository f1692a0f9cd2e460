import { z } from 'zod';

/** GET /api/me/tokens: a personal access token as listed (never its secret). */
export const accessTokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type AccessToken = z.infer<typeof accessTokenSchema>;

/** POST /api/me/tokens: the new token, with its secret shown this once. */
export const createdAccessTokenSchema = accessTokenSchema.extend({ token: z.string() });
export type CreatedAccessToken = z.infer<typeof createdAccessTokenSchema>;
