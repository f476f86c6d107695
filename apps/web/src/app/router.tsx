import { createBrowserRouter, Navigate } from 'react-router';
import { ForgotPasswordPage } from '../features/auth/components/forgot-password-page';
import { LoginPage } from '../features/auth/components/login-page';
import { RegisterPage } from '../features/auth/components/register-page';
import { ResetPasswordPage } from '../features/auth/components/reset-password-page';
import { MyProfilePage } from '../features/profile/components/my-profile-page';
import { SearchPage } from '../features/users/components/search-page';
import { UserProfilePage } from '../features/users/components/user-profile-page';
import { AppShell } from './app-shell';
import { NotFoundPage } from './not-found-page';
import { GuestOnly, RequireAuth } from './require-auth';

export function createRouter() {
  return createBrowserRouter([
    {
      path: '/login',
      element: (
        <GuestOnly>
          <LoginPage />
        </GuestOnly>
      ),
    },
    {
      path: '/register',
      element: (
        <GuestOnly>
          <RegisterPage />
        </GuestOnly>
      ),
    },
    { path: '/forgot-password', element: <ForgotPasswordPage /> },
    // The exact path of the link the server mails.
    { path: '/reset-password', element: <ResetPasswordPage /> },
    {
      element: (
        <RequireAuth>
          <AppShell />
        </RequireAuth>
      ),
      children: [
        { index: true, element: <Navigate to="/profile" replace /> },
        { path: '/profile', element: <MyProfilePage /> },
        { path: '/search', element: <SearchPage /> },
        { path: '/users/:id', element: <UserProfilePage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
