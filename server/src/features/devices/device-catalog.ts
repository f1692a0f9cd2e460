import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { forgetFirmwareFacts } from './firmware-cache';
import { deviceModels, firmwareVersions } from './devices.schema';

interface DeviceModelSeed {
  id: string;
  kind: 'scale' | 'watch' | 'bp_monitor' | 'thermometer' | 'sleep_analyzer' | 'air_quality';
  name: string;
  minFirmware: string;
  firmware: Array<{ version: string; releasedAt: string; notes: string }>;
}

/**
 * The product catalog, kept in code and written at start (insert or update), so every instance has
 * the same models whatever its migration history. What each kind may measure is not repeated here:
 * it comes from the data catalog in core (a metric names the device kinds allowed to produce it).
 */
const deviceModelCatalog: DeviceModelSeed[] = [
  {
    id: 'vb-scale-body',
    kind: 'scale',
    name: 'Vitalbase Body Scale',
    minFirmware: '2.0.0',
    firmware: [
      { version: '1.4.2', releasedAt: '2025-03-01T00:00:00Z', notes: 'Faster weigh-in.' },
      { version: '2.0.0', releasedAt: '2025-09-15T00:00:00Z', notes: 'Security fix; required.' },
      { version: '2.1.0', releasedAt: '2026-02-10T00:00:00Z', notes: 'Better multi-user recognition.' },
    ],
  },
  {
    id: 'vb-watch',
    kind: 'watch',
    name: 'Vitalbase Watch',
    minFirmware: '3.0.0',
    firmware: [
      { version: '3.0.0', releasedAt: '2025-06-01T00:00:00Z', notes: 'Minute-level heart rate.' },
      { version: '3.2.1', releasedAt: '2026-01-20T00:00:00Z', notes: 'SpO2 at night.' },
    ],
  },
  {
    id: 'vb-bpm',
    kind: 'bp_monitor',
    name: 'Vitalbase BP Monitor',
    minFirmware: '1.0.0',
    firmware: [
      { version: '1.0.0', releasedAt: '2025-01-10T00:00:00Z', notes: 'First release.' },
      { version: '1.1.0', releasedAt: '2025-11-05T00:00:00Z', notes: 'Irregular-beat hint.' },
    ],
  },
  {
    id: 'vb-sleep',
    kind: 'sleep_analyzer',
    name: 'Vitalbase Sleep Analyzer',
    minFirmware: '1.2.0',
    firmware: [
      { version: '1.2.0', releasedAt: '2025-04-01T00:00:00Z', notes: 'Snoring detection.' },
      { version: '1.3.0', releasedAt: '2026-03-01T00:00:00Z', notes: 'Better stage detection.' },
    ],
  },
  {
    id: 'vb-thermo',
    kind: 'thermometer',
    name: 'Vitalbase Thermometer',
    minFirmware: '1.0.0',
    firmware: [{ version: '1.0.0', releasedAt: '2025-02-01T00:00:00Z', notes: 'First release.' }],
  },
  {
    id: 'vb-air',
    kind: 'air_quality',
    name: 'Vitalbase Air Sensor',
    minFirmware: '0.9.0',
    firmware: [
      { version: '0.9.0', releasedAt: '2025-05-01T00:00:00Z', notes: 'First release.' },
      { version: '1.0.0', releasedAt: '2025-12-01T00:00:00Z', notes: 'CO2 calibration.' },
    ],
  },
];

/** Writes the catalog; safe to run at every start and from several servers at once. */
export async function seedDeviceCatalog(db: Executor): Promise<void> {
  for (const model of deviceModelCatalog) {
    await db
      .insert(deviceModels)
      .values({ id: model.id, kind: model.kind, name: model.name, minFirmware: model.minFirmware })
      .onConflictDoUpdate({
        target: deviceModels.id,
        set: { kind: sql`excluded.kind`, name: sql`excluded.name`, minFirmware: sql`excluded.min_firmware` },
      });
    await db
      .insert(firmwareVersions)
      .values(
        model.firmware.map((f) => ({
          modelId: model.id,
          version: f.version,
          releasedAt: new Date(f.releasedAt),
          notes: f.notes,
        })),
      )
      .onConflictDoNothing();
  }
  forgetFirmwareFacts(db); // a model's minimum may have changed (firmware-cache.ts)
}
