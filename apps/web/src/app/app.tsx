import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { setUnauthorizedHandler } from '../lib/api-client';
import { createQueryClient } from './query-client';
import { createRouter } from './router';

/** The providers and the router. Created once per page load. */
export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(() => {
    // A 401 on an authenticated call: the token is already gone (RequireAuth now sends the person to /login);
    // the cached data belonged to that session.
    setUnauthorizedHandler(() => queryClient.clear());
    return createRouter();
  });
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
