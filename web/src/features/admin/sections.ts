import type { StaffRole } from '@vitalbase/core/staff';
import type { ComponentType } from 'react';

/**
 * The console's areas (issue #16), one entry each: the nav of /admin and its routes are built from
 * this list, so a feature adds its area with one entry. `path` is under /admin; `titleKey` is the
 * nav's and the page's title (en + fr); `roles` are the staff roles that see it (operator_admin sees
 * every area, as the server's gate lets it in: core/src/staff.ts). Hiding an entry is a convenience:
 * each area's API checks the role itself (server/src/features/operator/operator-gate.ts).
 */
export interface AdminSection {
  path: string;
  titleKey: string;
  roles: readonly StaffRole[];
  /** The page's module, loaded when first opened (the console stays out of the app's first load). */
  load: () => Promise<ComponentType>;
}

export const adminSections: AdminSection[] = [
  {
    path: 'support',
    titleKey: 'support.console.title',
    roles: ['support'],
    load: () => import('../support/SupportConsolePage').then((m) => m.SupportConsolePage),
  },
  {
    path: 'users',
    titleKey: 'admin.users.title',
    roles: ['privacy_officer', 'security'],
    load: () => import('./UsersPage').then((m) => m.UsersPage),
  },
  {
    path: 'privacy-requests',
    titleKey: 'admin.privacy.title',
    roles: ['privacy_officer'],
    load: () => import('./PrivacyQueuePage').then((m) => m.PrivacyQueuePage),
  },
  {
    path: 'service',
    titleKey: 'admin.service.title',
    roles: ['security'],
    load: () => import('./ServicePage').then((m) => m.ServicePage),
  },
  {
    path: 'staff',
    titleKey: 'admin.staff.title',
    roles: ['operator_admin'],
    load: () => import('./StaffPage').then((m) => m.StaffPage),
  },
  {
    path: 'policies',
    titleKey: 'admin.policies.title',
    roles: ['privacy_officer'],
    load: () => import('./PoliciesPage').then((m) => m.PoliciesPage),
  },
  {
    path: 'partner-apps',
    titleKey: 'admin.partnerApps.title',
    roles: ['operator_admin'],
    load: () => import('./PartnerAppsPage').then((m) => m.PartnerAppsPage),
  },
  {
    path: 'firmware',
    titleKey: 'admin.firmware.title',
    roles: ['operator_admin'],
    load: () => import('./FirmwarePage').then((m) => m.FirmwarePage),
  },
  // The account lifecycle and the legal register (docs/lifecycle.md, docs/privacy.md).
  {
    path: 'suspensions',
    titleKey: 'lifecycle.admin.suspensions',
    roles: ['privacy_officer'],
    load: () => import('../lifecycle/SuspensionsAdminPage').then((m) => m.SuspensionsAdminPage),
  },
  {
    path: 'disclosures',
    titleKey: 'lifecycle.admin.disclosures',
    roles: ['privacy_officer'],
    load: () => import('../lifecycle/DisclosuresAdminPage').then((m) => m.DisclosuresAdminPage),
  },
  {
    path: 'processors',
    titleKey: 'lifecycle.admin.processors',
    roles: ['privacy_officer'],
    load: () => import('../lifecycle/ProcessorsAdminPage').then((m) => m.ProcessorsAdminPage),
  },
  {
    path: 'maintenance',
    titleKey: 'lifecycle.admin.maintenance',
    roles: ['operator_admin'],
    load: () => import('../lifecycle/MaintenanceAdminPage').then((m) => m.MaintenanceAdminPage),
  },
];
