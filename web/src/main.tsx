import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router-dom';
import './i18n';
import './styles.css';
import { createQueryClient } from './app/query-client';
import { router } from './app/routes';
import { CookieBanner } from './features/privacy/CookieBanner';

const queryClient = createQueryClient();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
      <CookieBanner />
    </QueryClientProvider>
  </StrictMode>,
);
