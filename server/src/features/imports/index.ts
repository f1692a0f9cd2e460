// The imports feature's public face (issue #18): the only file another feature imports.
export { registerImports } from './imports.routes';
export { importJobs, importRunJob } from './imports.jobs';
export { importFilePath } from './imports.service';
export { importForUserAsOperator } from './imports.operator';
export { deleteUserImportFiles } from './imports.service';
export { healthImports } from './imports.schema';
