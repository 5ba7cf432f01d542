import '@mantine/core/styles.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider, createTheme } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { initI18n } from './i18n';
import { queryClient } from './memory';
import { router } from './router';

const theme = createTheme({ primaryColor: 'teal', primaryShade: 9, defaultRadius: 'sm', fontFamily: 'system-ui, "Segoe UI", Roboto, Arial, sans-serif' });
const i18n = initI18n();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <I18nextProvider i18n={i18n}>
          <RouterProvider router={router} />
        </I18nextProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
