import { type AppContext, createFirmwareCatalog } from '@vitalbase/server';
import type { Command } from 'commander';
import { withContext } from './user';

type OperatorContext = Pick<AppContext, 'database' | 'now'>;
type Print = (line: string) => void;

export interface FirmwarePublishOptions {
  model: string;
  version: string;
  url: string;
  sha256: string;
  notes?: string;
  required?: boolean;
}

/** `vitalbase firmware publish`: the console's publish, checked by the same schema (docs/operators.md). */
export async function firmwarePublish(ctx: OperatorContext, opts: FirmwarePublishOptions, print: Print) {
  const v = await createFirmwareCatalog(ctx).publish({
    model: opts.model,
    version: opts.version,
    fileUrl: opts.url,
    sha256: opts.sha256,
    notes: opts.notes ?? '',
    required: opts.required ?? false,
  });
  print(`published ${v.model} ${v.version}${v.required ? ' (required)' : ''}: ${v.fileUrl}`);
  return v;
}

export async function firmwareList(ctx: OperatorContext, model: string | undefined, print: Print) {
  const { models } = await createFirmwareCatalog(ctx).list(model);
  for (const m of models) {
    print(`${m.id}  ${m.name}  minimum ${m.minFirmware}`);
    for (const v of m.versions) {
      print(
        `  ${v.version}  ${v.releasedAt.slice(0, 10)}  ${v.required ? 'required' : 'optional'}  ${v.fileUrl ?? 'no file'}`,
      );
    }
  }
  return models;
}

export async function firmwareRequire(ctx: OperatorContext, model: string, version: string, print: Print) {
  const v = await createFirmwareCatalog(ctx).markRequired(model, version);
  print(`${v.model} ${v.version} is now required: devices below it are told to update`);
  return v;
}

export function registerFirmwareCommands(program: Command) {
  const firmware = program.command('firmware').description('firmware versions per device model');
  const print = (line: string) => console.log(line);

  firmware
    .command('publish')
    .description(
      'publish a firmware version: devices of the model below it are offered it at their next sync',
    )
    .requiredOption('--model <id>', 'the device model (vitalbase firmware list shows them)')
    .requiredOption('--version <version>', 'the version, dotted numbers (2.1.0)')
    .requiredOption('--url <url>', 'the https address the devices fetch the image from')
    .requiredOption('--sha256 <hex>', "the image's SHA-256, which the devices check")
    .option('--notes <text>', 'release notes')
    .option('--required', 'devices below this version must update')
    .action(async (opts: FirmwarePublishOptions) => {
      await withContext((ctx) => firmwarePublish(ctx, opts, print));
    });

  firmware
    .command('list')
    .description('the models and their versions, newest first')
    .option('--model <id>', 'one model only')
    .action(async (opts: { model?: string }) => {
      await withContext((ctx) => firmwareList(ctx, opts.model, print));
    });

  firmware
    .command('require <model> <version>')
    .description('mark a published version required')
    .action(async (model: string, version: string) => {
      await withContext((ctx) => firmwareRequire(ctx, model, version, print));
    });
}
