// The app owner's webhook settings and delivery log (docs/api-webhooks.md).
import type {
  DeliveriesPage,
  WebhookEvent,
  WebhookSettingsIn,
  WebhookSettingsOut,
} from '@vitalbase/core/webhooks';
import { api } from '../../api/client';

export type { DeliveriesPage, WebhookEvent, WebhookSettingsOut };
export { webhookEvents } from '@vitalbase/core/webhooks';

const base = (clientId: string) => `/api/developer/apps/${encodeURIComponent(clientId)}`;

export const webhookKey = (clientId: string) => ['me', 'developer-apps', clientId, 'webhook'] as const;
export const deliveriesKey = (clientId: string) => ['me', 'developer-apps', clientId, 'deliveries'] as const;

export const getWebhook = (clientId: string) =>
  api<{ webhook: WebhookSettingsOut | null }>('GET', `${base(clientId)}/webhook`);
export const saveWebhook = (clientId: string, input: WebhookSettingsIn) =>
  api<WebhookSettingsOut>('PUT', `${base(clientId)}/webhook`, input);
export const removeWebhook = (clientId: string) => api<void>('DELETE', `${base(clientId)}/webhook`);
export const rotateWebhookSecret = (clientId: string) =>
  api<{ secret: string }>('POST', `${base(clientId)}/webhook/secret`);
export const getDeliveries = (clientId: string, cursor?: string) =>
  api<DeliveriesPage>(
    'GET',
    `${base(clientId)}/deliveries?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
  );
