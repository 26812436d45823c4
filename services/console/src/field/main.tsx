import '@mantine/core/styles.css';
import './field.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import { App } from './App';
import { FieldProvider } from './context';
import { FieldSession } from './store/session';
import { cssVariables, theme } from './theme';

// The service worker (precached app shell, scope /lapangan/): the app opens with no signal.
if ('serviceWorker' in navigator) {
  void navigator.serviceWorker.register('/lapangan/sw.js', { scope: '/lapangan/' }).catch(() => undefined);
}
// Ask the browser not to evict the queue under storage pressure.
void navigator.storage?.persist?.().catch(() => false);

const session = new FieldSession();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
      <FieldProvider session={session}>
        <App />
      </FieldProvider>
    </MantineProvider>
  </StrictMode>,
);
