// The fhir feature's public face: the only file another feature imports (docs/architecture.md).
export { fhirJobs } from './bulk-export.jobs';
export { registerFhir } from './fhir.routes';
export { fhirExportFiles, fhirExports } from './fhir.schema';
export { consentResource } from './resources/consent';
export { deviceResource } from './resources/device';
export { bmiObservation, readingObservations } from './resources/observation';
export { readObservation } from './resources/observation-read';
export { patientResource } from './resources/patient';
