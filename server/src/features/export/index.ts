// The export feature's public face: the only file another feature imports (docs/architecture.md).
export { buildExport, type ExportProgress } from './build-export';
export { exportBuildJob, exportJobs } from './export.jobs';
export { registerExport } from './export.routes';
export { deleteUserExportFiles, EXPORT_JOB, exportFilePath } from './export.service';
export { exportUserDataAsOperator } from './operator-export';
