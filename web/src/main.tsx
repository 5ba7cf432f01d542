import '@mantine/core/styles.css';
import './app/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider, createTheme, type CSSVariablesResolver } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { initI18n } from './app/i18n';
import { queryClient } from './app/memory';
import { router } from './app/router';

const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 9,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, "Segoe UI", Roboto, Arial, sans-serif',
});
// The kit's dimmed grey is below 4.5:1 on white (axe: color-contrast); a darker one for hints.
const contrast: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});
const i18n = initI18n();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={contrast}>
      <QueryClientProvider client={queryClient}>
        <I18nextProvider i18n={i18n}>
          <RouterProvider router={router} />
        </I18nextProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
