/** Code systems and naming systems used in the resources we emit. */
export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const CONSENT_SCOPE = 'http://terminology.hl7.org/CodeSystem/consentscope';
export const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const BCP47 = 'urn:ietf:bcp:47';

/**
 * Our own code systems, for what LOINC has no code for (a catalog metric such as muscle mass, a
 * consent purpose, a device kind). Fixed URIs, the same on every Vitalbase server, so a client can
 * rely on them whatever the instance's address.
 */
const VITALBASE = 'https://vitalbase.org/fhir';
export const VITALBASE_METRIC_SYSTEM = `${VITALBASE}/CodeSystem/metric`;
export const VITALBASE_CONSENT_PURPOSE_SYSTEM = `${VITALBASE}/CodeSystem/consent-purpose`;
export const VITALBASE_DEVICE_KIND_SYSTEM = `${VITALBASE}/CodeSystem/device-kind`;
export const VITALBASE_PRIVACY_POLICY = `${VITALBASE}/privacy-policy`;
