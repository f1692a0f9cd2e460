import { z } from 'zod';

/**
 * GET /api/config: what the web app needs to know of the server before anyone signs in. The public
 * origin (PUBLIC_URL's) is the one address where sign-in cookies, passkeys and partner consent work:
 * the page shows a banner when it was opened on another one.
 */
export const publicConfigSchema = z.object({ publicOrigin: z.string() });
export type PublicConfig = z.infer<typeof publicConfigSchema>;
