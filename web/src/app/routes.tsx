import { createBrowserRouter } from 'react-router-dom';
import { AccountPage } from '../features/account/AccountPage';
import { ConfirmEmailChangePage } from '../features/email-change/ConfirmEmailChangePage';
import { DevicesPage } from '../features/devices/DevicesPage';
import { DashboardPage } from '../features/health/DashboardPage';
import { MetricPage } from '../features/health/MetricPage';
import { ReadingPage } from '../features/health/ReadingPage';
import { TimelinePage } from '../features/health/TimelinePage';
import { UnitsPage } from '../features/health/UnitsPage';
import { GoalsPage } from '../features/goals/GoalsPage';
import { GuardianPage } from '../features/guardian/GuardianPage';
import { ParentalConsentPage } from '../features/parental-consent/ParentalConsentPage';
import { ForgotPasswordPage } from '../features/password/ForgotPasswordPage';
import { ResetPasswordPage } from '../features/password/ResetPasswordPage';
import { SecurityPage } from '../features/security/SecurityPage';
import { PrivacyPage } from '../features/privacy/PrivacyPage';
import { AcceptPoliciesPage } from '../features/policies/AcceptPoliciesPage';
import { PoliciesPage } from '../features/policies/PoliciesPage';
import { PolicyVersionPage } from '../features/policies/PolicyVersionPage';
import { PublicPolicyPage } from '../features/policies/PublicPolicyPage';
import { ExportsPage } from '../features/export/ExportsPage';
import { SignInLinkPage } from '../features/signin/SignInLinkPage';
import { SignInPage } from '../features/signin/SignInPage';
import { ConsentPage } from '../features/oauth/ConsentPage';
import { DeveloperAppsPage } from '../features/developer-apps/DeveloperAppsPage';
import { AccountClosedPage, CancelErasurePage } from '../features/erasure/CancelErasurePage';
import { CheckMailPage } from '../features/signup/CheckMailPage';
import { SignUpPage } from '../features/signup/SignUpPage';
import { VerifyEmailPage } from '../features/verify-email/VerifyEmailPage';
import { AppShell } from './AppShell';
import { NotFoundPage } from './NotFoundPage';
import { PublicLayout } from './PublicLayout';
import { RequireAuth } from './RequireAuth';

/**
 * Every page of the app. Addresses carry no health data: pages name what they show, and ids that a
 * later page may need stay opaque. One-time tokens arrive as ?token= and are taken out at once.
 */
export const router = createBrowserRouter([
  {
    element: <PublicLayout />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/sign-in-link', element: <SignInLinkPage /> },
      { path: '/sign-up', element: <SignUpPage /> },
      { path: '/sign-up/check-mail', element: <CheckMailPage /> },
      { path: '/verify-email', element: <VerifyEmailPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
      { path: '/confirm-email-change', element: <ConfirmEmailChangePage /> },
      { path: '/parental-consent', element: <ParentalConsentPage /> },
      { path: '/guardian', element: <GuardianPage /> },
      { path: '/cancel-erasure', element: <CancelErasurePage /> },
      { path: '/account-closed', element: <AccountClosedPage /> },
      // Readable before signing up (and after): the policy in force. /privacy is the privacy center.
      { path: '/privacy-policy', element: <PublicPolicyPage document="privacy" /> },
      { path: '/terms', element: <PublicPolicyPage document="terms" /> },
    ],
  },
  {
    element: (
      <RequireAuth>
        <AppShell />
      </RequireAuth>
    ),
    children: [
      { path: '/', element: <DashboardPage /> },
      { path: '/metrics/:metric', element: <MetricPage /> },
      { path: '/timeline', element: <TimelinePage /> },
      { path: '/readings/:id', element: <ReadingPage /> },
      { path: '/devices', element: <DevicesPage /> },
      { path: '/settings/units', element: <UnitsPage /> },
      { path: '/goals', element: <GoalsPage /> },
      { path: '/account', element: <AccountPage /> },
      { path: '/security', element: <SecurityPage /> },
      { path: '/privacy', element: <PrivacyPage /> },
      { path: '/policies', element: <PoliciesPage /> },
      { path: '/policies/accept', element: <AcceptPoliciesPage /> },
      { path: '/policies/:document/:version', element: <PolicyVersionPage /> },
      { path: '/privacy/exports', element: <ExportsPage /> },
      { path: '/developer/apps', element: <DeveloperAppsPage /> },
    ],
  },
  {
    // A partner app's consent screen: signed in, without the app's navigation to wander off into.
    element: (
      <RequireAuth>
        <PublicLayout />
      </RequireAuth>
    ),
    children: [{ path: '/oauth/consent/:uid', element: <ConsentPage /> }],
  },
  { element: <PublicLayout />, children: [{ path: '*', element: <NotFoundPage /> }] },
]);
