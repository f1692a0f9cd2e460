import { z } from 'zod';

/**
 * The partner routes' answers to the web (docs/api-partners.md): the consent screen and the user's
 * connected apps. Declared by server/src/features/oauth/oauth.routes.ts, inferred by
 * web/src/features/oauth/queries.ts.
 */

/** One scope in plain words for the user (the consent screen adds a description). */
export const scopeExplainedSchema = z.object({
  scope: z.string(),
  title: z.string(),
  description: z.string().optional(),
});
export type ScopeExplained = z.infer<typeof scopeExplainedSchema>;

/** GET /api/oauth/interaction/:uid: what the partner app asks for. */
export const consentRequestSchema = z.object({
  uid: z.string(),
  prompt: z.literal('consent'),
  client: z.object({ clientId: z.string(), name: z.string(), logoUri: z.string().nullable() }),
  redirectHost: z.string(),
  scopes: z.array(
    z.object({
      scope: z.string(),
      title: z.string(),
      description: z.string(),
      /** Whether the user may untick it (a data scope); the others are granted with any Allow. */
      optional: z.boolean(),
    }),
  ),
});
export type ConsentRequest = z.infer<typeof consentRequestSchema>;

/**
 * POST /api/oauth/interaction/:uid/approve: the scopes the user kept, each one the app asked for (the
 * required ones are granted whether listed or not). No body, or no `scopes`, keeps them all.
 */
export const approveConsentBodySchema = z
  .strictObject({ scopes: z.array(z.string().max(100)).max(50).optional() })
  .optional();
export type ApproveConsentBody = z.infer<typeof approveConsentBodySchema>;

/** POST /api/oauth/interaction/:uid/approve|deny: where the browser goes on (this site's resume URL). */
export const interactionResultSchema = z.object({ redirectTo: z.string() });
export type InteractionResult = z.infer<typeof interactionResultSchema>;

/** GET /api/connected-apps: the apps the user let read their data. */
export const connectedAppSchema = z.object({
  clientId: z.string(),
  name: z.string(),
  logoUri: z.string().nullable(),
  scopes: z.array(z.object({ scope: z.string(), title: z.string() })),
  connectedAt: z.string(),
  lastReadAt: z.string().nullable(),
  /** The operator disabled the app (issue #16): it reads nothing meanwhile; the connection is kept. */
  disabledByOperator: z.object({ at: z.string(), reason: z.string() }).nullable(),
});
export type ConnectedApp = z.infer<typeof connectedAppSchema>;
export const connectedAppsSchema = z.object({ items: z.array(connectedAppSchema) });

/** GET /api/developer/apps (and PATCH …/:clientId): an app the signed-in user registered. */
export const developerAppSchema = z.object({
  clientId: z.string(),
  name: z.string(),
  logoUri: z.string().nullable(),
  redirectUris: z.array(z.string()),
  scopes: z.array(z.string()),
  public: z.boolean(),
  /** Whether authorizations must use PKCE (always for a public app). */
  pkceRequired: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  secretRotatedAt: z.string().nullable(),
});
export type DeveloperApp = z.infer<typeof developerAppSchema>;
/** POST /api/developer/apps: the new app, with its secret shown this once (null for a public app). */
export const createdDeveloperAppSchema = developerAppSchema.extend({ clientSecret: z.string().nullable() });
export type CreatedDeveloperApp = z.infer<typeof createdDeveloperAppSchema>;
/** POST /api/developer/apps/:clientId/secret: the new secret, shown this once. */
export const rotatedSecretSchema = z.object({ clientSecret: z.string() });
