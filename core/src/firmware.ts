import { z } from 'zod';

/**
 * Firmware versions per device model, as the operator publishes them (issue #16, docs/operators.md):
 * the console, the CLI and the server share these schemas. A device learns of them in its sync
 * answer (core/src/devices.ts firmwareAdviceSchema `offer`).
 */

/** Dotted numbers, "2.10.1": compared part by part (server/src/features/devices/firmware.ts). */
export const firmwareVersionText = z
  .string()
  .trim()
  .regex(/^\d{1,4}(\.\d{1,4}){0,3}$/, 'A firmware version looks like 2.1.0.');

/** POST /api/admin/firmware: one version of one model's firmware, with where the device fetches it. */
export const firmwarePublishBody = z.strictObject({
  model: z.string().trim().min(1).max(100),
  version: firmwareVersionText,
  notes: z.string().trim().max(4000).default(''),
  /** The image's address: the devices fetch it themselves, so it must be https (http only on localhost). */
  fileUrl: z
    .url()
    .max(1000)
    .refine((u) => {
      // A refinement runs even when the URL check above failed (zod 4): never throw here.
      const url = URL.canParse(u) ? new URL(u) : undefined;
      return (
        url?.protocol === 'https:' ||
        (url?.protocol === 'http:' && /^(localhost|127\.0\.0\.1)$/.test(url.hostname))
      );
    }, 'The file URL must be https (http only on localhost, for tests).'),
  /** The image's SHA-256 in hex: the device checks it before installing. */
  sha256: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{64}$/, 'A SHA-256 is 64 hexadecimal characters.')
    .transform((s) => s.toLowerCase()),
  /** Devices below a required version are told they must update (their data is still accepted). */
  required: z.boolean().default(false),
});
export type FirmwarePublishBody = z.input<typeof firmwarePublishBody>;

export const firmwareVersionSchema = z.object({
  model: z.string(),
  version: z.string(),
  releasedAt: z.string(),
  notes: z.string(),
  required: z.boolean(),
  fileUrl: z.string().nullable(),
  sha256: z.string().nullable(),
});
export type FirmwareVersion = z.infer<typeof firmwareVersionSchema>;

/** GET /api/admin/firmware: every model, its minimum, and its versions newest first. */
export const firmwareCatalogSchema = z.object({
  models: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.string(),
      minFirmware: z.string(),
      versions: z.array(firmwareVersionSchema),
    }),
  ),
});
export type FirmwareCatalog = z.infer<typeof firmwareCatalogSchema>;
