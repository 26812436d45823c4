import { Badge } from '@mantine/core';
import { tOr } from '../i18n';

const COLOURS: Record<string, string> = {
  sent: 'blue.8',
  accepted: 'violet.8',
  'review-requested': 'yellow.3',
  rejected: 'red.9',
  resolved: 'teal.9',
  withdrawn: 'gray.7',
  closed: 'gray.7',
};

/** A referral's status as the programme owner sees it: a word and a colour. */
export function OwnerReferralStatusBadge({ status }: { status: string }) {
  return (
    <Badge
      color={COLOURS[status] ?? 'gray.7'}
      autoContrast
      variant="filled"
      radius="sm"
      style={{ textTransform: 'none' }}
    >
      {tOr(`owner.status.${status}`, status)}
    </Badge>
  );
}
