import { Button, Modal, Text } from '@mantine/core';
import { useSession } from '../api/context';
import { LoginForm } from '../pages/Login';
import { t } from '../i18n';

/**
 * Shown when the session ran out while working: sign in again in place, and the call that was
 * refused is repeated; the page underneath (and what was typed into it) is untouched.
 */
export function ReloginDialog() {
  const session = useSession();
  return (
    <Modal
      opened={session.needsRelogin}
      onClose={() => undefined}
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={false}
      title={t('relogin.title')}
      centered
    >
      <Text size="sm" mb="md">
        {t('relogin.text')}
      </Text>
      <LoginForm compact username={session.me?.username ?? undefined} />
      <Button variant="subtle" color="gray" mt="sm" fullWidth onClick={() => void session.logout()}>
        {t('relogin.logout')}
      </Button>
    </Modal>
  );
}
