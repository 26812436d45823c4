import { Badge } from '@mantine/core';
import { t } from '../i18n';

/** Whether a settings record (user, owner, programme, routing rule) is in use: "Aktif" or "Nonaktif". */
export function ActiveBadge({ active }: { active: boolean }) {
  return (
    <Badge color={active ? 'green' : 'gray'} variant="dot" miw="max-content">
      {active ? t('settings.active') : t('settings.inactive')}
    </Badge>
  );
}
