/**
 * export.xml as the Health app writes it (iOS 16/17): the XML declaration, the DOCTYPE with Apple's
 * internal DTD subset, <HealthData locale>, <ExportDate>, <Me>, then Records with sourceName,
 * sourceVersion, an escaped device description, creationDate, startDate and endDate written
 * "YYYY-MM-DD HH:MM:SS ±hhmm". Used by the import tests and the bench's generator.
 */
export const APPLE_EXPORT_HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 14 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ATTLIST Me
  HKCharacteristicTypeIdentifierDateOfBirth         CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBiologicalSex       CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBloodType           CDATA #REQUIRED
  HKCharacteristicTypeIdentifierFitzpatrickSkinType CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT Correlation ((MetadataEntry|Record)*)>
<!ATTLIST Correlation
  type          CDATA #REQUIRED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics)*)>
<!ATTLIST Workout
  workoutActivityType   CDATA #REQUIRED
  duration              CDATA #IMPLIED
  durationUnit          CDATA #IMPLIED
  totalDistance         CDATA #IMPLIED
  totalDistanceUnit     CDATA #IMPLIED
  totalEnergyBurned     CDATA #IMPLIED
  totalEnergyBurnedUnit CDATA #IMPLIED
  sourceName            CDATA #REQUIRED
  sourceVersion         CDATA #IMPLIED
  device                CDATA #IMPLIED
  creationDate          CDATA #IMPLIED
  startDate             CDATA #REQUIRED
  endDate               CDATA #REQUIRED
>
<!ELEMENT WorkoutStatistics EMPTY>
<!ATTLIST WorkoutStatistics
  type      CDATA #REQUIRED
  startDate CDATA #REQUIRED
  endDate   CDATA #REQUIRED
  average   CDATA #IMPLIED
  minimum   CDATA #IMPLIED
  maximum   CDATA #IMPLIED
  sum       CDATA #IMPLIED
  unit      CDATA #IMPLIED
>
<!ELEMENT WorkoutRoute ((MetadataEntry|FileReference)*)>
<!ATTLIST WorkoutRoute
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT FileReference EMPTY>
<!ATTLIST FileReference
  path CDATA #REQUIRED
>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
<!ELEMENT ActivitySummary EMPTY>
<!ATTLIST ActivitySummary
  dateComponents           CDATA #IMPLIED
  activeEnergyBurned       CDATA #IMPLIED
  activeEnergyBurnedGoal   CDATA #IMPLIED
  activeEnergyBurnedUnit   CDATA #IMPLIED
  appleExerciseTime        CDATA #IMPLIED
  appleExerciseTimeGoal    CDATA #IMPLIED
  appleStandHours          CDATA #IMPLIED
  appleStandHoursGoal      CDATA #IMPLIED
>
]>
<HealthData locale="en_US">
 <ExportDate value="2026-11-05 21:34:30 -0800"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1984-03-02" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale" HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet"/>
`;
export const APPLE_EXPORT_TAIL = '</HealthData>\n';

export const WATCH =
  'device="&lt;&lt;HKDevice: 0x283f2d0e0&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2, software:10.1&gt;"';
export const PHONE =
  'device="&lt;&lt;HKDevice: 0x283f2c2d0&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, hardware:iPhone14,5, software:17.1&gt;"';

/** One Record line as the export writes it (quantity or category). */
export function appleRecord(
  type: string,
  r: { value: string | number; unit?: string; start: string; end?: string; source?: 'watch' | 'phone' },
): string {
  const watch = r.source !== 'phone';
  const unit = r.unit === undefined ? '' : ` unit="${r.unit}"`;
  return ` <Record type="${type}" sourceName="${watch ? 'Ada’s Apple Watch' : 'Ada’s iPhone'}" sourceVersion="${watch ? '10.1' : '17.1'}" ${watch ? WATCH : PHONE}${unit} creationDate="${r.end ?? r.start}" startDate="${r.start}" endDate="${r.end ?? r.start}" value="${r.value}"/>\n`;
}

const Q = 'HKQuantityTypeIdentifier';
const SLEEP = (stage: string, start: string, end: string) =>
  appleRecord('HKCategoryTypeIdentifierSleepAnalysis', {
    value: `HKCategoryValueSleepAnalysis${stage}`,
    start,
    end,
  });

/**
 * A small export to count by hand: 7 readings (2 weigh-ins, SpO2, temperature, respiratory rate,
 * HRV, one blood-pressure correlation), 5 series days (heart rate on two days, steps from
 * a phone and a watch, distance, energy), 2 sessions (a staged night, a run), 1 refused (a heart rate of
 * 400), unmapped: FlightsClimbed, BodyMassIndex, RestingHeartRate, ActivitySummary.
 */
export const APPLE_FIXTURE_XML = [
  APPLE_EXPORT_HEAD,
  appleRecord(`${Q}BodyMass`, {
    value: 165.2,
    unit: 'lb',
    start: '2026-11-01 07:12:00 -0800',
    source: 'phone',
  }),
  appleRecord(`${Q}BodyMass`, {
    value: 74.8,
    unit: 'kg',
    start: '2026-11-03 07:05:00 -0800',
    source: 'phone',
  }),
  appleRecord(`${Q}BodyMassIndex`, {
    value: 24.1,
    unit: 'count',
    start: '2026-11-03 07:05:00 -0800',
    source: 'phone',
  }),
  appleRecord(`${Q}HeartRate`, { value: 62, unit: 'count/min', start: '2026-11-02 08:00:05 -0800' }),
  appleRecord(`${Q}HeartRate`, { value: 64, unit: 'count/min', start: '2026-11-02 08:00:40 -0800' }),
  appleRecord(`${Q}HeartRate`, { value: 400, unit: 'count/min', start: '2026-11-02 08:01:10 -0800' }),
  appleRecord(`${Q}HeartRate`, { value: 71, unit: 'count/min', start: '2026-11-02 08:03:00 -0800' }),
  appleRecord(`${Q}HeartRate`, { value: 58, unit: 'count/min', start: '2026-11-03 06:30:00 -0800' }),
  appleRecord(`${Q}StepCount`, {
    value: 120,
    unit: 'count',
    start: '2026-11-02 09:00:00 -0800',
    end: '2026-11-02 09:00:59 -0800',
    source: 'phone',
  }),
  appleRecord(`${Q}StepCount`, {
    value: 40,
    unit: 'count',
    start: '2026-11-02 09:01:00 -0800',
    end: '2026-11-02 09:01:59 -0800',
    source: 'phone',
  }),
  appleRecord(`${Q}StepCount`, {
    value: 100,
    unit: 'count',
    start: '2026-11-02 09:00:00 -0800',
    end: '2026-11-02 09:00:59 -0800',
  }),
  appleRecord(`${Q}DistanceWalkingRunning`, {
    value: 0.05,
    unit: 'mi',
    start: '2026-11-02 09:00:00 -0800',
    end: '2026-11-02 09:00:59 -0800',
    source: 'phone',
  }),
  appleRecord(`${Q}ActiveEnergyBurned`, {
    value: 4.5,
    unit: 'Cal',
    start: '2026-11-02 09:00:00 -0800',
    end: '2026-11-02 09:00:59 -0800',
  }),
  appleRecord(`${Q}OxygenSaturation`, { value: 0.97, unit: '%', start: '2026-11-02 03:14:00 -0800' }),
  appleRecord(`${Q}BodyTemperature`, {
    value: 98.6,
    unit: 'degF',
    start: '2026-11-02 07:30:00 -0800',
    source: 'phone',
  }),
  appleRecord(`${Q}RespiratoryRate`, { value: 14.5, unit: 'count/min', start: '2026-11-02 03:20:00 -0800' }),
  appleRecord(`${Q}RestingHeartRate`, { value: 56, unit: 'count/min', start: '2026-11-02 00:00:00 -0800' }),
  appleRecord(`${Q}HeartRateVariabilitySDNN`, {
    value: 48.2,
    unit: 'ms',
    start: '2026-11-02 02:10:00 -0800',
  }),
  appleRecord(`${Q}FlightsClimbed`, {
    value: 3,
    unit: 'count',
    start: '2026-11-02 12:00:00 -0800',
    source: 'phone',
  }),
  SLEEP('InBed', '2026-11-01 22:50:00 -0800', '2026-11-02 06:55:00 -0800'),
  SLEEP('AsleepCore', '2026-11-01 23:10:00 -0800', '2026-11-02 01:00:00 -0800'),
  SLEEP('AsleepDeep', '2026-11-02 01:00:00 -0800', '2026-11-02 02:00:00 -0800'),
  SLEEP('AsleepREM', '2026-11-02 02:00:00 -0800', '2026-11-02 03:00:00 -0800'),
  SLEEP('Awake', '2026-11-02 03:00:00 -0800', '2026-11-02 03:05:00 -0800'),
  SLEEP('AsleepCore', '2026-11-02 03:05:00 -0800', '2026-11-02 06:50:00 -0800'),
  ` <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Health Mate" sourceVersion="6.2.1" creationDate="2026-11-02 08:00:30 -0800" startDate="2026-11-02 08:00:00 -0800" endDate="2026-11-02 08:00:00 -0800">
  <MetadataEntry key="HKWasUserEntered" value="0"/>
 ${appleRecord(`${Q}BloodPressureDiastolic`, { value: 79, unit: 'mmHg', start: '2026-11-02 08:00:00 -0800', source: 'phone' })} ${appleRecord(`${Q}BloodPressureSystolic`, { value: 121, unit: 'mmHg', start: '2026-11-02 08:00:00 -0800', source: 'phone' })} </Correlation>\n`,
  ` <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="31.5" durationUnit="min" sourceName="Ada’s Apple Watch" sourceVersion="10.1" ${WATCH} creationDate="2026-11-02 18:32:00 -0800" startDate="2026-11-02 18:00:30 -0800" endDate="2026-11-02 18:32:00 -0800">
  <MetadataEntry key="HKIndoorWorkout" value="0"/>
  <WorkoutStatistics type="${Q}ActiveEnergyBurned" startDate="2026-11-02 18:00:30 -0800" endDate="2026-11-02 18:32:00 -0800" sum="312.4" unit="Cal"/>
  <WorkoutStatistics type="${Q}DistanceWalkingRunning" startDate="2026-11-02 18:00:30 -0800" endDate="2026-11-02 18:32:00 -0800" sum="3.12" unit="mi"/>
  <WorkoutStatistics type="${Q}HeartRate" startDate="2026-11-02 18:00:30 -0800" endDate="2026-11-02 18:32:00 -0800" average="151" minimum="98" maximum="172" unit="count/min"/>
  <WorkoutRoute sourceName="Ada’s Apple Watch" sourceVersion="10.1" creationDate="2026-11-02 18:33:00 -0800" startDate="2026-11-02 18:00:30 -0800" endDate="2026-11-02 18:32:00 -0800">
   <FileReference path="/workout-routes/route_2026-11-02_6.32pm.gpx"/>
  </WorkoutRoute>
 </Workout>\n`,
  ' <ActivitySummary dateComponents="2026-11-02" activeEnergyBurned="512.3" activeEnergyBurnedGoal="500" activeEnergyBurnedUnit="Cal" appleExerciseTime="38" appleExerciseTimeGoal="30" appleStandHours="11" appleStandHoursGoal="12"/>\n',
  APPLE_EXPORT_TAIL,
].join('');

/** A billion laughs inside the DOCTYPE, referenced from a Record's value. */
export const APPLE_BILLION_LAUGHS = APPLE_EXPORT_HEAD.replace(
  '<!DOCTYPE HealthData [',
  `<!DOCTYPE HealthData [
<!ENTITY lol "lol">
${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n')}`,
).concat(
  appleRecord(`${Q}BodyMass`, { value: 70, unit: 'kg', start: '2026-11-01 07:00:00 -0800' }),
  appleRecord(`${Q}BodyMass`, { value: '&lol9;', unit: 'kg', start: '2026-11-02 07:00:00 -0800' }),
  APPLE_EXPORT_TAIL,
);

/**
 * The route of the fixture's run as the Health app writes it (workout-routes/route_<date>.gpx): GPX 1.1
 * of the public schema (topografix.com/GPX/1/1), one track segment, each point with its elevation, its
 * UTC time and Apple's extensions (speed, course, accuracies). The first point is 5 s before the
 * workout's start (the watch starts locating early): it lies outside the session and is left out.
 */
export const APPLE_ROUTE_GPX = `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Apple Health Export" xmlns="http://www.topografix.com/GPX/1/1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">
 <metadata>
  <time>2026-11-03T02:33:00Z</time>
 </metadata>
 <trk>
  <name>Route 2026-11-02 6:32pm</name>
  <trkseg>
${[
  ['-122.419100', '37.774900', '12.1', '2026-11-03T02:00:25Z'],
  ['-122.419416', '37.774929', '12.3', '2026-11-03T02:00:31Z'],
  ['-122.419602', '37.775101', '12.9', '2026-11-03T02:00:36Z'],
  ['-122.419788', '37.775274', '13.4', '2026-11-03T02:31:58Z'],
]
  .map(
    ([lon, lat, ele, time]) =>
      `   <trkpt lon="${lon}" lat="${lat}"><ele>${ele}</ele><time>${time}</time><extensions><speed>2.81</speed><course>41.2</course><hAcc>3.1</hAcc><vAcc>2.4</vAcc></extensions></trkpt>`,
  )
  .join('\n')}
  </trkseg>
 </trk>
</gpx>
`;
