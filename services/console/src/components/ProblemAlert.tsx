import { Alert, Anchor, List } from '@mantine/core';
import { t, tOr } from '../i18n';
import { ApiError } from '../api/problem';

/**
 * An API problem shown where it happened: the title, the server's Indonesian `detail`, and the
 * field errors as a list whose entries jump to the field (`id` of the input = `field-<path>`).
 */
export function ProblemAlert({ error, fieldLabels = {} }: { error: unknown; fieldLabels?: Record<string, string> }) {
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  const fieldErrors = problem?.errors ?? [];
  return (
    <Alert color="red" title={problem?.title ?? t('error.title')} role="alert" mb="md" variant="light">
      <div>{problem?.detail ?? (error instanceof Error ? error.message : String(error))}</div>
      {fieldErrors.length > 0 && (
        <>
          <div style={{ marginTop: 8 }}>{t('error.summary')}</div>
          <List size="sm">
            {fieldErrors.map((e) => (
              <List.Item key={e.field}>
                <Anchor href={`#field-${e.field}`} onClick={(ev) => focusField(ev, e.field)}>
                  {fieldLabels[e.field] ?? tOr(`field.${e.field}`, e.field)}
                </Anchor>
                : {e.messages.join('; ')}
              </List.Item>
            ))}
          </List>
        </>
      )}
    </Alert>
  );
}

function focusField(ev: React.MouseEvent, field: string): void {
  const el = document.getElementById(`field-${field}`);
  if (!el) return;
  ev.preventDefault();
  el.focus();
  el.scrollIntoView({ block: 'center' });
}
