import type { ComponentType } from 'react';
import type { DeveloperApp } from './developer-apps-api';
import { DeleteAppSection } from './DeleteAppSection';
import { EditAppSection } from './EditAppSection';
import { SecretSection } from './SecretSection';
import { WebhooksSection } from '../webhooks/WebhooksSection';

export interface AppSection {
  key: string;
  Section: ComponentType<{ app: DeveloperApp }>;
  /**
   * A block section (its own heading and content, e.g. webhooks) sits below the card's buttons; the
   * others are a button each, side by side, until opened.
   */
  block?: boolean;
}

/**
 * The sections of one registered app on the developer page, in order. A feature that adds something
 * an app owner manages (webhooks and their delivery log, for one) adds its section here.
 */
export const appSections: readonly AppSection[] = [
  { key: 'edit', Section: EditAppSection },
  { key: 'secret', Section: SecretSection },
  { key: 'webhooks', Section: WebhooksSection },
  { key: 'delete', Section: DeleteAppSection },
];
