import { readFile } from 'node:fs/promises';
import {
  type AppContext,
  addClinicDeviceAsOperator,
  createClinicAsOperator,
  registerClinicBackendClientAsOperator,
} from '@vitalbase/server';
import type { Command } from 'commander';
import { withContext } from './user';

type Print = (line: string) => void;

/**
 * `vitalbase clinic create`: the operator opens a clinic (issue #15). The admin's existing account
 * becomes its administrator at once; an address without an account gets an invitation by mail.
 */
export async function clinicCreate(ctx: AppContext, opts: { name: string; admin: string }, print: Print) {
  const clinic = await createClinicAsOperator(ctx, { name: opts.name, adminEmail: opts.admin });
  print(`created clinic ${clinic.name} (${clinic.id})`);
  print(
    clinic.admin === 'added'
      ? `${opts.admin} is its administrator (clinic pages need a second factor on the account)`
      : `no account for ${opts.admin} yet: an administrator invitation was mailed (valid 7 days)`,
  );
  return clinic;
}

/** `vitalbase clinic add-device`: a unit the factory made, into a clinic's stock (its claim code checked). */
export async function clinicAddDevice(
  ctx: AppContext,
  opts: { clinic: string; serial: string; claimCode: string; cellular?: boolean },
  print: Print,
) {
  const device = await addClinicDeviceAsOperator(ctx, {
    clinicId: opts.clinic,
    serial: opts.serial,
    claimCode: opts.claimCode,
    cellular: opts.cellular ?? false,
  });
  print(`added ${device.serial} (${device.modelName}${device.cellular ? ', cellular' : ''}) to the stock`);
  return device;
}

/**
 * `vitalbase clinic backend-client`: registers (or rotates) the public keys of the clinic's EHR, a
 * SMART Backend Services client, from a file (`--jwks-file`) or the URL where the EHR publishes them
 * (`--jwks-url`, fetched and checked now); the same as the clinic_admin's settings API.
 */
export async function clinicBackendClient(
  ctx: AppContext,
  opts: { clinic: string; jwksFile?: string; jwksUrl?: string },
  print: Print,
) {
  if ((opts.jwksFile === undefined) === (opts.jwksUrl === undefined)) {
    throw new Error('give either --jwks-file or --jwks-url');
  }
  const keys =
    opts.jwksUrl !== undefined ? { jwksUrl: opts.jwksUrl } : { jwks: await readJwksFile(opts.jwksFile!) };
  const client = await registerClinicBackendClientAsOperator(ctx, { clinicId: opts.clinic, keys });
  print(
    client.jwksUrl
      ? `backend client ${client.clientId} (keys fetched from ${client.jwksUrl}), scopes ${client.scopes.join(' ')}`
      : `backend client ${client.clientId} (${client.keyIds.length} key(s)), scopes ${client.scopes.join(' ')}`,
  );
  print(
    `token URL ${ctx.config.publicUrl}/oauth/token, Group ${ctx.config.publicUrl}/fhir/R4/Group/${opts.clinic}`,
  );
  return client;
}

async function readJwksFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw new Error(`${path}: not a readable JSON file`);
  }
}

export function registerClinicCommands(program: Command) {
  const clinic = program
    .command('clinic')
    .description('operator commands on clinics (remote patient monitoring)');
  clinic
    .command('create')
    .description('create a clinic with its first administrator')
    .requiredOption('--name <name>', 'the clinic’s name, as patients and staff see it')
    .requiredOption('--admin <email>', 'the email of its first administrator')
    .action(async (opts: { name: string; admin: string }) => {
      await withContext((ctx) => clinicCreate(ctx, opts, (line) => console.log(line)));
    });
  clinic
    .command('add-device')
    .description('add a manufactured unit to a clinic’s device stock (its serial and claim code)')
    .requiredOption('--clinic <id>', 'the clinic’s id (printed by `clinic create`)')
    .requiredOption('--serial <serial>', 'the unit’s serial number')
    .requiredOption('--claim-code <code>', 'the claim code on the unit or its box')
    .option('--cellular', 'the unit sends over its own cellular link (no phone)')
    .action(async (opts: { clinic: string; serial: string; claimCode: string; cellular?: boolean }) => {
      await withContext((ctx) => clinicAddDevice(ctx, opts, (line) => console.log(line)));
    });
  clinic
    .command('backend-client')
    .description('register or rotate the public keys (JWKS) of the clinic’s EHR backend-services client')
    .requiredOption('--clinic <id>', 'the clinic’s id (printed by `clinic create`)')
    .option('--jwks-file <path>', 'a JSON Web Key Set of public keys (RS384 or ES384)')
    .option(
      '--jwks-url <url>',
      'or the https URL where the EHR publishes its key set (it rotates keys there)',
    )
    .action(async (opts: { clinic: string; jwksFile?: string; jwksUrl?: string }) => {
      await withContext((ctx) => clinicBackendClient(ctx, opts, (line) => console.log(line)));
    });
}
