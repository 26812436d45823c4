import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from 'wouter';
import { t } from '../i18n';

export default function NotFoundPage() {
  return (
    <Stack>
      <Title order={2}>{t('notFound.title')}</Title>
      <Text>{t('notFound.text')}</Text>
      <Anchor component={Link} href="/">
        {t('error.boundary.home')}
      </Anchor>
    </Stack>
  );
}
