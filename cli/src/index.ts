import { Command } from 'commander';
import { registerServeCommands } from './commands/serve';
import { registerSimulateCommand } from './commands/simulate';
import { registerUserCommands } from './commands/user';
import { registerMailCommand } from './commands/mail';
import { registerCampaignCommand } from './commands/campaign';
import { registerPolicyCommands } from './commands/policy';
import { registerRequestsCommands } from './commands/requests';
import { registerPartnerAppCommands } from './commands/partner-app';
import { registerExportCommand } from './commands/export';
import { registerImportCommand } from './commands/import';
import { registerAuditCommands } from './commands/audit';
import { registerClinicCommands } from './commands/clinic';
import { registerStaffCommands } from './commands/staff';
import { registerBackupCommands } from './commands/backup';
import { registerLifecycleCommands } from './commands/lifecycle';
import { registerFirmwareCommands } from './commands/firmware';

const program = new Command()
  .name('vitalbase')
  .description('Vitalbase: run the server, manage accounts, read the outbox.')
  .showHelpAfterError();

registerServeCommands(program);
registerSimulateCommand(program);
registerUserCommands(program);
registerMailCommand(program);
registerCampaignCommand(program);
registerPolicyCommands(program);
registerRequestsCommands(program);
registerPartnerAppCommands(program);
registerExportCommand(program);
registerImportCommand(program);
registerAuditCommands(program);
registerClinicCommands(program);
registerStaffCommands(program);
registerBackupCommands(program);
registerLifecycleCommands(program);
registerFirmwareCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
