import { createBrowserRouter, type RouteObject } from 'react-router-dom';
import { adminSections } from '../features/admin/sections';
import { AppShell } from './AppShell';
import { NotFoundPage } from './NotFoundPage';
import { PublicLayout } from './PublicLayout';
import { RequireAuth } from './RequireAuth';
import { RouteError } from './RouteError';
import { setPagePrefetch } from './page-prefetch';

/**
 * Every page of the app. Addresses carry no health data: pages name what they show, and ids that a
 * later page may need stay opaque. One-time tokens arrive as ?token= and are taken out at once.
 *
 * Each page's module is loaded when the page is first opened (`lazy`): the first load carries the
 * shell only, so the sign-up page does not download the charts (the bundle budget,
 * scripts/check-bundle-size.mjs, holds it to 300 KB).
 */
/** A layout's pages, under an error boundary of their own: a page that fails keeps the layout around it. */
const pages = (children: RouteObject[]): RouteObject[] => [{ errorElement: <RouteError />, children }];

export const router = createBrowserRouter([
  {
    element: <PublicLayout />,
    children: pages([
      {
        path: '/sign-in',
        lazy: () =>
          import('../features/signin/SignInPage').then(({ SignInPage }) => ({ element: <SignInPage /> })),
      },
      {
        path: '/sign-in-link',
        lazy: () =>
          import('../features/signin/SignInLinkPage').then(({ SignInLinkPage }) => ({
            element: <SignInLinkPage />,
          })),
      },
      {
        path: '/sign-up',
        lazy: () =>
          import('../features/signup/SignUpPage').then(({ SignUpPage }) => ({ element: <SignUpPage /> })),
      },
      {
        path: '/sign-up/check-mail',
        lazy: () =>
          import('../features/signup/CheckMailPage').then(({ CheckMailPage }) => ({
            element: <CheckMailPage />,
          })),
      },
      {
        path: '/verify-email',
        lazy: () =>
          import('../features/verify-email/VerifyEmailPage').then(({ VerifyEmailPage }) => ({
            element: <VerifyEmailPage />,
          })),
      },
      {
        path: '/forgot-password',
        lazy: () =>
          import('../features/password/ForgotPasswordPage').then(({ ForgotPasswordPage }) => ({
            element: <ForgotPasswordPage />,
          })),
      },
      {
        path: '/reset-password',
        lazy: () =>
          import('../features/password/ResetPasswordPage').then(({ ResetPasswordPage }) => ({
            element: <ResetPasswordPage />,
          })),
      },
      {
        path: '/confirm-email-change',
        lazy: () =>
          import('../features/email-change/ConfirmEmailChangePage').then(({ ConfirmEmailChangePage }) => ({
            element: <ConfirmEmailChangePage />,
          })),
      },
      {
        path: '/parental-consent',
        lazy: () =>
          import('../features/parental-consent/ParentalConsentPage').then(({ ParentalConsentPage }) => ({
            element: <ParentalConsentPage />,
          })),
      },
      {
        path: '/guardian',
        lazy: () =>
          import('../features/guardian/GuardianPage').then(({ GuardianPage }) => ({
            element: <GuardianPage />,
          })),
      },
      {
        path: '/cancel-erasure',
        lazy: () =>
          import('../features/erasure/CancelErasurePage').then(({ CancelErasurePage }) => ({
            element: <CancelErasurePage />,
          })),
      },
      {
        path: '/account-closed',
        lazy: () =>
          import('../features/erasure/CancelErasurePage').then(({ AccountClosedPage }) => ({
            element: <AccountClosedPage />,
          })),
      },
      // Readable before signing up (and after): the policy in force. /privacy is the privacy center.
      {
        path: '/privacy-policy',
        lazy: () =>
          import('../features/policies/PublicPolicyPage').then(({ PublicPolicyPage }) => ({
            element: <PublicPolicyPage document="privacy" />,
          })),
      },
      {
        path: '/terms',
        lazy: () =>
          import('../features/policies/PublicPolicyPage').then(({ PublicPolicyPage }) => ({
            element: <PublicPolicyPage document="terms" />,
          })),
      },
    ]),
  },
  {
    element: (
      <RequireAuth>
        <AppShell />
      </RequireAuth>
    ),
    children: pages([
      {
        path: '/',
        lazy: () =>
          import('../features/health/DashboardPage').then(({ DashboardPage }) => ({
            element: <DashboardPage />,
          })),
      },
      {
        path: '/metrics/:metric',
        lazy: () =>
          import('../features/health/MetricPage').then(({ MetricPage }) => ({ element: <MetricPage /> })),
      },
      {
        path: '/timeline',
        lazy: () =>
          import('../features/health/TimelinePage').then(({ TimelinePage }) => ({
            element: <TimelinePage />,
          })),
      },
      {
        path: '/readings/:id',
        lazy: () =>
          import('../features/health/ReadingPage').then(({ ReadingPage }) => ({ element: <ReadingPage /> })),
      },
      {
        path: '/devices',
        lazy: () =>
          import('../features/devices/DevicesPage').then(({ DevicesPage }) => ({ element: <DevicesPage /> })),
      },
      {
        path: '/settings/units',
        lazy: () =>
          import('../features/health/UnitsPage').then(({ UnitsPage }) => ({ element: <UnitsPage /> })),
      },
      {
        path: '/goals',
        lazy: () =>
          import('../features/goals/GoalsPage').then(({ GoalsPage }) => ({ element: <GoalsPage /> })),
      },
      {
        path: '/account',
        lazy: () =>
          import('../features/account/AccountPage').then(({ AccountPage }) => ({ element: <AccountPage /> })),
      },
      {
        path: '/security',
        lazy: () =>
          import('../features/security/SecurityPage').then(({ SecurityPage }) => ({
            element: <SecurityPage />,
          })),
      },
      {
        path: '/privacy',
        lazy: () =>
          import('../features/privacy/PrivacyPage').then(({ PrivacyPage }) => ({ element: <PrivacyPage /> })),
      },
      // Support with the user's consent (issue #16, P11).
      {
        path: '/support',
        lazy: () =>
          import('../features/support/SupportPage').then(({ SupportPage }) => ({ element: <SupportPage /> })),
      },
      {
        path: '/support/:id',
        lazy: () =>
          import('../features/support/SupportRequestPage').then(({ SupportRequestPage }) => ({
            element: <SupportRequestPage />,
          })),
      },
      {
        path: '/policies',
        lazy: () =>
          import('../features/policies/PoliciesPage').then(({ PoliciesPage }) => ({
            element: <PoliciesPage />,
          })),
      },
      {
        path: '/policies/accept',
        lazy: () =>
          import('../features/policies/AcceptPoliciesPage').then(({ AcceptPoliciesPage }) => ({
            element: <AcceptPoliciesPage />,
          })),
      },
      {
        path: '/policies/:document/:version',
        lazy: () =>
          import('../features/policies/PolicyVersionPage').then(({ PolicyVersionPage }) => ({
            element: <PolicyVersionPage />,
          })),
      },
      {
        path: '/privacy/import',
        lazy: () =>
          import('../features/imports/BringYourDataPage').then(({ BringYourDataPage }) => ({
            element: <BringYourDataPage />,
          })),
      },
      {
        path: '/privacy/exports',
        lazy: () =>
          import('../features/export/ExportsPage').then(({ ExportsPage }) => ({ element: <ExportsPage /> })),
      },
      {
        path: '/developer/apps',
        lazy: () =>
          import('../features/developer-apps/DeveloperAppsPage').then(({ DeveloperAppsPage }) => ({
            element: <DeveloperAppsPage />,
          })),
      },
      // Clinics (issue #15): a staff invitation, a patient's enrolment, the staff's pages.
      {
        path: '/clinic-invitation',
        lazy: () =>
          import('../features/clinics/ClinicInvitationPage').then(({ ClinicInvitationPage }) => ({
            element: <ClinicInvitationPage />,
          })),
      },
      {
        path: '/clinic-enrolment',
        lazy: () =>
          import('../features/clinics/ClinicEnrolmentPage').then(({ ClinicEnrolmentPage }) => ({
            element: <ClinicEnrolmentPage />,
          })),
      },
      {
        path: '/clinics',
        lazy: () =>
          import('../features/clinics/ClinicsPage').then(({ ClinicsPage }) => ({ element: <ClinicsPage /> })),
      },
      {
        path: '/clinics/:clinicId',
        lazy: () =>
          import('../features/clinics/ClinicPage').then(({ ClinicPage }) => ({ element: <ClinicPage /> })),
      },
      {
        path: '/clinics/:clinicId/alerts',
        lazy: () =>
          import('../features/clinics/ClinicAlertsPage').then(({ ClinicAlertsPage }) => ({
            element: <ClinicAlertsPage />,
          })),
      },
      {
        path: '/clinics/:clinicId/devices',
        lazy: () =>
          import('../features/clinics/ClinicDevicesPage').then(({ ClinicDevicesPage }) => ({
            element: <ClinicDevicesPage />,
          })),
      },
      {
        path: '/clinics/:clinicId/ehr',
        lazy: () =>
          import('../features/clinics/ClinicEhrPage').then(({ ClinicEhrPage }) => ({
            element: <ClinicEhrPage />,
          })),
      },
      {
        path: '/clinics/:clinicId/report',
        lazy: () =>
          import('../features/clinics/ClinicReportPage').then(({ ClinicReportPage }) => ({
            element: <ClinicReportPage />,
          })),
      },
      {
        path: '/clinics/:clinicId/patients/:patientId/report',
        lazy: () =>
          import('../features/clinics/ClinicReportPage').then(({ ClinicReportPage }) => ({
            element: <ClinicReportPage />,
          })),
      },
      {
        path: '/clinics/:clinicId/patients/:patientId',
        lazy: () =>
          import('../features/clinics/ClinicPatientPage').then(({ ClinicPatientPage }) => ({
            element: <ClinicPatientPage />,
          })),
      },
      // The operator's console (issue #16): its areas come from features/admin/sections.ts.
      {
        path: '/admin',
        lazy: () =>
          import('../features/admin/AdminLayout').then(({ AdminLayout }) => ({ element: <AdminLayout /> })),
        children: [
          {
            index: true,
            lazy: () =>
              import('../features/admin/AdminHomePage').then(({ AdminHomePage }) => ({
                element: <AdminHomePage />,
              })),
          },
          ...adminSections.map(
            (section): RouteObject => ({
              path: section.path,
              lazy: () => section.load().then((Page) => ({ element: <Page /> })),
            }),
          ),
        ],
      },
    ]),
  },
  {
    // A partner app's consent screen: signed in, without the app's navigation to wander off into.
    element: (
      <RequireAuth>
        <PublicLayout />
      </RequireAuth>
    ),
    children: pages([
      {
        path: '/oauth/consent/:uid',
        lazy: () =>
          import('../features/oauth/ConsentPage').then(({ ConsentPage }) => ({ element: <ConsentPage /> })),
      },
    ]),
  },
  { element: <PublicLayout />, children: pages([{ path: '*', element: <NotFoundPage /> }]) },
]);

/** Loads every page's code (once signed in, when the browser is idle: app/page-prefetch.ts). */
function loadAllPages(routes: readonly RouteObject[]) {
  for (const route of routes) {
    if (typeof route.lazy === 'function') void Promise.resolve(route.lazy()).catch(() => {});
    if (route.children) loadAllPages(route.children);
  }
}
setPagePrefetch(() => loadAllPages(router.routes));
