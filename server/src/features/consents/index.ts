// The consents feature's public face: the only file another feature imports (docs/architecture.md).
export { sendCampaignAsOperator } from './campaign.service';
export { registerConsents } from './consents.routes';
export { consentHistory, consents, cookiePreferences } from './consents.schema';
export { createGuardianService } from './guardian.service';
export { hasConsent } from './has-consent';
export { recordRegisteredConsent, registerConsentPurpose } from './registered-purposes';
