import { createBrowserRouter } from 'react-router-dom';
import { AccountPage } from '../features/account/AccountPage';
import { ConfirmEmailChangePage } from '../features/email-change/ConfirmEmailChangePage';
import { HomePage } from '../features/home/HomePage';
import { ParentalConsentPage } from '../features/parental-consent/ParentalConsentPage';
import { ForgotPasswordPage } from '../features/password/ForgotPasswordPage';
import { ResetPasswordPage } from '../features/password/ResetPasswordPage';
import { SecurityPage } from '../features/security/SecurityPage';
import { SignInPage } from '../features/signin/SignInPage';
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
      { path: '/sign-up', element: <SignUpPage /> },
      { path: '/sign-up/check-mail', element: <CheckMailPage /> },
      { path: '/verify-email', element: <VerifyEmailPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
      { path: '/confirm-email-change', element: <ConfirmEmailChangePage /> },
      { path: '/parental-consent', element: <ParentalConsentPage /> },
    ],
  },
  {
    element: (
      <RequireAuth>
        <AppShell />
      </RequireAuth>
    ),
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/account', element: <AccountPage /> },
      { path: '/security', element: <SecurityPage /> },
    ],
  },
  { element: <PublicLayout />, children: [{ path: '*', element: <NotFoundPage /> }] },
]);
