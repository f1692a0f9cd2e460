// The backup feature's public face (issue #19): backups and restore that keep erasures.
export { backupInstallation, restoreInstallation, writeBackup } from './backup.service';
export { backupJobs, scheduledBackup } from './backup.jobs';
