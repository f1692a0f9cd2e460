import type { FirmwareCatalog, FirmwarePublishBody, FirmwareVersion } from '@vitalbase/core';
import { firmwarePublishBody } from '@vitalbase/core';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { Conflict, Invalid, NotFound } from '../../lib/errors';
import { seedDeviceCatalog } from './device-catalog';
import { deviceModels, firmwareVersions } from './devices.schema';
import { compareVersions } from './firmware';
import { forgetFirmwareFacts } from './firmware-cache';

type FirmwareRow = typeof firmwareVersions.$inferSelect;

const present = (r: FirmwareRow): FirmwareVersion => ({
  model: r.modelId,
  version: r.version,
  releasedAt: r.releasedAt.toISOString(),
  notes: r.notes,
  required: r.required,
  fileUrl: r.fileUrl,
  sha256: r.sha256,
});

/**
 * The operator's firmware catalog (issue #16): versions per device model, each with the file the
 * devices fetch and its digest. A global catalog (no user's data): the console and the CLI
 * (`vitalbase firmware …`) both go through here; devices learn of it in their sync answer.
 */
export function createFirmwareCatalog(ctx: { database: { db: Db }; now: () => Date }) {
  const db = ctx.database.db;
  // The CLI may run before any server wrote the product catalog (devices.routes.ts does at start).
  let seeded: Promise<void> | undefined;
  const ready = () => {
    seeded ??= seedDeviceCatalog(db);
    return seeded;
  };

  async function model(id: string) {
    await ready();
    const [row] = await db.select().from(deviceModels).where(eq(deviceModels.id, id));
    if (!row) throw new NotFound('Device model');
    return row;
  }

  return {
    /** Every model with its versions, newest first. */
    async list(modelId?: string): Promise<FirmwareCatalog> {
      await ready();
      const models = modelId
        ? [await model(modelId)]
        : await db.select().from(deviceModels).orderBy(asc(deviceModels.id));
      const rows = await db.select().from(firmwareVersions);
      return {
        models: models.map((m) => ({
          id: m.id,
          name: m.name,
          kind: m.kind,
          minFirmware: m.minFirmware,
          versions: rows
            .filter((r) => r.modelId === m.id)
            .sort((a, b) => compareVersions(b.version, a.version))
            .map(present),
        })),
      };
    },

    /** A new version of a model's firmware; the same version twice is a conflict (a version is never rewritten). */
    async publish(input: FirmwarePublishBody): Promise<FirmwareVersion> {
      const parsed = firmwarePublishBody.safeParse(input);
      if (!parsed.success) throw new Invalid('Check the firmware version.', parsed.error.issues);
      const v = parsed.data;
      await model(v.model);
      const [row] = await db
        .insert(firmwareVersions)
        .values({
          modelId: v.model,
          version: v.version,
          releasedAt: ctx.now(),
          notes: v.notes,
          required: v.required,
          fileUrl: v.fileUrl,
          sha256: v.sha256,
        })
        .onConflictDoNothing()
        .returning();
      if (!row)
        throw new Conflict('This version of this model is already published.', 'firmware_version_exists');
      forgetFirmwareFacts(db);
      return present(row);
    },

    /** Marks a published version required: devices below it are told they must update. */
    async markRequired(modelId: string, version: string): Promise<FirmwareVersion> {
      await ready();
      const [row] = await db
        .update(firmwareVersions)
        .set({ required: true })
        .where(and(eq(firmwareVersions.modelId, modelId), eq(firmwareVersions.version, version)))
        .returning();
      if (!row) throw new NotFound('Firmware version');
      forgetFirmwareFacts(db);
      return present(row);
    },
  };
}
