/**
 * How our devices are named in the original's answers. Its `model_id` is an integer from its own
 * product list (63 Sleep Analyzer, 93 ScanWatch …); ours are text ids of our own products, so each has
 * an integer here, from 1001 up (above every number the original's reference lists, so a client cannot
 * take one of ours for one of its products). Append only: a number, once given, keeps its model.
 */
const modelIds: Record<string, number> = {
  'vb-scale-body': 1001,
  'vb-watch': 1002,
  'vb-bpm': 1003,
  'vb-sleep': 1004,
  'vb-thermo': 1005,
  'vb-air': 1006,
};

/** The integer `model_id` of one of our models (undefined for a model not in the table). */
function withingsModelId(modelId: string | null | undefined): number | undefined {
  return modelId ? modelIds[modelId] : undefined;
}

/**
 * `{ model_id }` for a model in the table, else nothing: the reference types it integer, never null.
 * `key` names the field where the reference spells it otherwise (`modelid` in getactivity, the
 * integer `model` of heart list and getworkouts).
 */
export function optionalModelId<K extends string = 'model_id'>(
  modelId: string | null | undefined,
  key: K = 'model_id' as K,
): Partial<Record<K, number>> {
  const id = withingsModelId(modelId);
  return (id === undefined ? {} : { [key]: id }) as Partial<Record<K, number>>;
}

/**
 * The reference's `model` (the device's name) and model number, for a device we know; nothing for
 * data without one. `key` as in optionalModelId.
 */
export function modelFields<K extends string = 'model_id'>(
  device: { modelName: string | null; modelId: string | null } | undefined,
  key: K = 'model_id' as K,
): { model?: string } & Partial<Record<K, number>> {
  const model = device?.modelName ?? device?.modelId;
  return { ...(model ? { model } : {}), ...optionalModelId(device?.modelId, key) };
}

/** Sleep answers' integer `model`: the original's source of the night, 16 a tracker, 32 a sleep monitor. */
export function sleepSourceModel(kind: string | null | undefined): 16 | 32 | undefined {
  if (kind === 'watch') return 16;
  if (kind === 'sleep_analyzer') return 32;
  return undefined;
}
