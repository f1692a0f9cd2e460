// The devices feature's public face: the only file another feature imports (docs/architecture.md).
export { deviceJobs } from './devices.jobs';
export { createDevicesRepo } from './devices.repo';
export { registerDevices } from './devices.routes';
export { deviceDiagnostics, deviceModels, devices } from './devices.schema';
export { forgetUserInDevices } from './erasure';
export { factoryKey } from './factory-key';
export { createUnitPairing } from './unit-pairing';
export { householdMembers, householdMemberships, households, unattributedWeighIns } from './household.schema';
export { createFirmwareCatalog } from './firmware-catalog';
