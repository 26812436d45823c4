import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Alert, Button, Group } from '@mantine/core';
import { t } from '../i18n';
import { dropPrerendered } from '../prerender/takeover';

/**
 * No white screens: a page that throws shows what happened and a way back; the rest of the
 * console (menu, session) keeps working. The error is reported to the browser console.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('console page failed', error, info.componentStack);
    dropPrerendered(); // the error shows, not the page's build-time markup
  }

  override componentDidUpdate(prev: { resetKey?: string }): void {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Alert color="red" title={t('error.boundary.title')} role="alert">
        <p>{t('error.boundary.text')}</p>
        <Group>
          <Button onClick={() => this.setState({ error: null })}>{t('error.boundary.retry')}</Button>
          <Button variant="default" component="a" href="/">
            {t('error.boundary.home')}
          </Button>
        </Group>
      </Alert>
    );
  }
}
