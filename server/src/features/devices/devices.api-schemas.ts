import {
  boundedInstantSchema,
  credentialAnswerSchema,
  deviceSchema,
  firmwareAdviceSchema,
  itemErrorSchema,
} from '@vitalbase/core';
import { z } from 'zod';
import { firmwareVersionPattern } from './firmware';

/**
 * Zod schemas of the devices API: validation, response shapes and the OpenAPI document in one place.
 * The answers the web reads live in core (core/src/devices.ts), re-exported here for the routes.
 */
export { credentialAnswerSchema, deviceSchema };

export const deviceModelSchema = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  minFirmware: z.string(),
  latestFirmware: z.string(),
  metrics: z.array(z.string()),
});

const text = (max: number) => z.string().trim().min(1).max(max);

/** A cellular unit's own activation (device-api.routes.ts): its serial and claim code. */
export const activateBodySchema = z.object({ serial: text(64), claimCode: text(32) }).strict();
export const activateAnswerSchema = z.object({ credential: z.string(), deviceId: z.string() });

export const pairBodySchema = z
  .object({
    serial: text(64).optional(),
    mac: z
      .string()
      .regex(
        /^[0-9A-Fa-f]{2}([:-]?[0-9A-Fa-f]{2}){5}$/,
        'A MAC address is 12 hex digits, e.g. 00:1A:2B:3C:4D:5E.',
      )
      .optional(),
    claimCode: text(32),
    name: text(80).optional(),
    wifiNetwork: text(64).optional(),
  })
  .refine((b) => Boolean(b.serial) !== Boolean(b.mac), {
    message: 'Give either serial or mac.',
    path: ['serial'],
  });

export const deviceIdParams = z.object({ id: z.string().uuid() });

export const patchDeviceBodySchema = z
  .object({ name: text(80).optional(), sharedWithHousehold: z.boolean().optional() })
  .refine((b) => b.name !== undefined || b.sharedWithHousehold !== undefined, {
    message: 'Nothing to change.',
  });

const idempotencyKeySchema = z
  .string()
  .min(8)
  .max(200)
  .regex(/^[A-Za-z0-9._:-]+$/, 'An idempotency key is 8–200 letters, digits, ".", "_", ":" or "-".');

export const syncBodySchema = z.object({
  idempotencyKey: idempotencyKeySchema.optional(),
  device: z
    .object({
      firmware: z.string().regex(firmwareVersionPattern, 'A firmware version looks like 2.1.0.').optional(),
      battery: z.number().min(0).max(100).optional(),
      wifiNetwork: z.string().max(64).optional(),
    })
    .strict()
    .optional(),
  /** Each item is validated on its own (core/src/health-data/items.ts): one bad item never fails the others. */
  items: z.array(z.unknown()),
});

export const syncHeadersSchema = z.object({ 'idempotency-key': idempotencyKeySchema.optional() });

export const syncAnswerSchema = z.object({
  receivedAt: z.string(),
  results: z.array(
    z.object({
      index: z.number().int(),
      status: z.enum(['stored', 'duplicate', 'rejected', 'pending_attribution']),
      ref: z.string().optional(),
      errors: z.array(itemErrorSchema).optional(),
    }),
  ),
  summary: z.object({
    stored: z.number().int(),
    duplicate: z.number().int(),
    rejected: z.number().int(),
    pendingAttribution: z.number().int(),
  }),
  firmware: firmwareAdviceSchema,
});

const isoWithOffset = boundedInstantSchema;

export const diagnosticsBodySchema = z.object({
  logs: z
    .array(
      z.object({
        at: isoWithOffset,
        level: z.enum(['debug', 'info', 'warn', 'error']),
        message: z.string().min(1).max(2000),
      }),
    )
    .max(1000)
    .default([]),
  battery: z
    .array(z.object({ at: isoWithOffset, percent: z.number().min(0).max(100) }))
    .max(1000)
    .default([]),
});

export const diagnosticsAnswerSchema = z.object({
  accepted: z.object({ logs: z.number(), battery: z.number() }),
});

export const diagnosticSchema = z.object({
  type: z.enum(['log', 'battery']),
  at: z.string(),
  level: z.string().nullable(),
  message: z.string().nullable(),
  batteryPercent: z.number().nullable(),
});

export const factoryUnitsBodySchema = z.object({
  units: z
    .array(
      z.object({
        serial: text(64),
        mac: z.string().regex(/^[0-9A-Fa-f]{2}([:-]?[0-9A-Fa-f]{2}){5}$/),
        modelId: text(64),
        claimCode: z.string().regex(/^[A-Za-z0-9-]{4,32}$/),
        firmware: z.string().regex(firmwareVersionPattern).optional(),
      }),
    )
    .min(1)
    .max(1000),
});

export const factoryUnitsAnswerSchema = z.object({
  units: z.array(
    z.object({ serial: z.string(), manufacturingId: z.string(), status: z.enum(['created', 'exists']) }),
  ),
});
