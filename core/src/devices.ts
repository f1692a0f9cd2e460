import { z } from 'zod';

/**
 * The devices and household API's answers (docs/api-devices.md), written once: the server's routes
 * declare them, the web infers its types from them (web/src/features/devices/queries.ts).
 */

/** Where a device's firmware stands against the model's latest and minimum versions. */
export const firmwareAdviceSchema = z.object({
  current: z.string(),
  latest: z.string(),
  minimum: z.string(),
  updateAvailable: z.boolean(),
  updateRequired: z.boolean(),
  /**
   * The firmware the device should fetch: the newest published version for its model above the one
   * it runs that has a file (issue #16). `required`: the device is below a required version (or the
   * model's minimum). Null when there is nothing newer to fetch.
   */
  offer: z
    .object({ version: z.string(), url: z.string(), sha256: z.string(), required: z.boolean() })
    .nullable(),
});

export const deviceSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  kind: z.string(),
  modelId: z.string(),
  modelName: z.string(),
  serial: z.string(),
  manufacturingId: z.string(),
  firmware: firmwareAdviceSchema,
  battery: z.number().nullable(),
  wifiNetwork: z.string().nullable(),
  activatedAt: z.string(),
  lastSyncAt: z.string().nullable(),
  status: z.enum(['paired', 'unpaired']),
  unpairedAt: z.string().nullable(),
  sharedWithHousehold: z.boolean(),
  credentialIssuedAt: z.string().nullable(),
  /**
   * Only on a household's shared scale listed to a member (GET /api/devices): whose household it is.
   * The member sees it and the weigh-ins it attributed to them; the owner alone manages it.
   */
  household: z.object({ name: z.string(), ownerDisplayName: z.string() }).optional(),
});
export type Device = z.infer<typeof deviceSchema>;

/** POST /api/devices/pair, POST /api/devices/:id/credential: the device's credential, shown this once. */
export const credentialAnswerSchema = z.object({ credential: z.string(), device: deviceSchema });
export type CredentialAnswer = z.infer<typeof credentialAnswerSchema>;

/** GET /api/household: the household the user owns (if any) and the ones they belong to. */
export const householdAnswerSchema = z.object({
  household: z
    .object({
      name: z.string(),
      members: z.array(
        z.object({
          userId: z.string(),
          displayName: z.string(),
          status: z.enum(['owner', 'invited', 'active']),
        }),
      ),
    })
    .nullable(),
  memberships: z.array(
    z.object({
      ownerUserId: z.string(),
      householdName: z.string(),
      ownerDisplayName: z.string(),
      status: z.enum(['invited', 'active']),
    }),
  ),
});
export type Household = z.infer<typeof householdAnswerSchema>;

/** GET /api/household/inbox: a weigh-in of the shared scale that no member's profile matched. */
export const inboxItemSchema = z.object({
  id: z.string(),
  householdOwnerId: z.string(),
  deviceId: z.string(),
  reason: z.enum(['ambiguous', 'unmatched']),
  takenAt: z.string(),
  weightKg: z.number(),
  receivedAt: z.string(),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;
