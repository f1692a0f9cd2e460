import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import { partnerScopeCatalog, partnerScopes } from '@vitalbase/core';
import { oauthRoutes, systemScopes } from '../oauth';
import { observationSearchParams } from './observation-search';

/** What the server can do, for FHIR clients (GET /fhir/R4/metadata). */
export function capabilityStatement(publicUrl: string, date: Date): CapabilityStatement {
  const base = `${publicUrl}/fhir/R4`;
  const bulk = (name: string) => `http://hl7.org/fhir/uv/bulkdata/OperationDefinition/${name}`;
  const resources: CapabilityStatementRestResource[] = [
    {
      type: 'Patient',
      profile: 'http://hl7.org/fhir/StructureDefinition/Patient',
      interaction: [{ code: 'read' }, { code: 'search-type' }],
      searchParam: [{ name: '_id', type: 'token', documentation: 'The token’s patient only.' }],
      operation: [{ name: 'export', definition: bulk('patient-export') }],
    },
    {
      type: 'Observation',
      profile: 'http://hl7.org/fhir/StructureDefinition/Observation',
      supportedProfile: [
        'http://hl7.org/fhir/StructureDefinition/vitalsigns',
        ...['bodyweight', 'bodyheight', 'bmi', 'bp', 'heartrate', 'bodytemp', 'oxygensat', 'resprate'].map(
          (p) => `http://hl7.org/fhir/StructureDefinition/${p}`,
        ),
      ],
      interaction: [{ code: 'read' }, { code: 'search-type' }],
      searchParam: observationSearchParams
        .filter((p) => !p.name.startsWith('_') || p.name === '_lastUpdated')
        .map((p) => ({ name: p.name, type: p.type, documentation: p.documentation })),
    },
    {
      // A clinic's EHR (SMART Backend Services): the clinic's patients sharing now, and their export.
      type: 'Group',
      profile: 'http://hl7.org/fhir/StructureDefinition/Group',
      interaction: [{ code: 'read' }],
      operation: [{ name: 'export', definition: bulk('group-export') }],
    },
    {
      type: 'Device',
      profile: 'http://hl7.org/fhir/StructureDefinition/Device',
      interaction: [{ code: 'read' }, { code: 'search-type' }],
      searchParam: [{ name: 'patient', type: 'reference', documentation: 'The token’s patient only.' }],
    },
  ];
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: date.toISOString(),
    publisher: 'Vitalbase',
    kind: 'instance',
    software: { name: 'Vitalbase', version: '0.1.0' },
    implementation: { description: 'Vitalbase FHIR R4 API for connected apps', url: base },
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: true,
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
            },
          ],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [
                { url: 'authorize', valueUri: `${publicUrl}${oauthRoutes.authorization}` },
                { url: 'token', valueUri: `${publicUrl}${oauthRoutes.token}` },
                { url: 'revoke', valueUri: `${publicUrl}${oauthRoutes.revocation}` },
              ],
            },
          ],
          description: 'OAuth2 authorization code with PKCE (S256); SMART App Launch v2 patient scopes.',
        },
        resource: resources,
        operation: [{ name: 'export', definition: bulk('export') }],
      },
    ],
  };
}

/** SMART App Launch discovery (GET /fhir/R4/.well-known/smart-configuration). */
export function smartConfiguration(publicUrl: string) {
  return {
    issuer: publicUrl,
    jwks_uri: `${publicUrl}${oauthRoutes.jwks}`,
    authorization_endpoint: `${publicUrl}${oauthRoutes.authorization}`,
    token_endpoint: `${publicUrl}${oauthRoutes.token}`,
    revocation_endpoint: `${publicUrl}${oauthRoutes.revocation}`,
    introspection_endpoint: `${publicUrl}${oauthRoutes.introspection}`,
    userinfo_endpoint: `${publicUrl}${oauthRoutes.userinfo}`,
    // client_credentials with private_key_jwt: a clinic's EHR (SMART Backend Services, system scopes).
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    response_types_supported: ['code'],
    token_endpoint_auth_methods_supported: [
      'client_secret_basic',
      'client_secret_post',
      'none',
      'private_key_jwt',
    ],
    token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
    scopes_supported: [
      ...partnerScopes.filter((s) => partnerScopeCatalog[s].family !== 'withings'),
      ...systemScopes,
    ],
    code_challenge_methods_supported: ['S256'],
    capabilities: [
      'launch-standalone',
      'client-public',
      'client-confidential-symmetric',
      'client-confidential-asymmetric',
      'context-standalone-patient',
      'permission-patient',
      'permission-offline',
      'permission-online',
      'permission-v1',
      'permission-v2',
      'sso-openid-connect',
    ],
  };
}
