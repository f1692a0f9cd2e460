// What tests of other features may use of health-data's storage to seed data in bulk (export-large):
// the tables and the day codec. Production code goes through index.ts.
export { healthMeasures, healthReadings, healthSeriesDays } from './health-data.schema';
export { DAY_MS, packDay } from './series-codec';
