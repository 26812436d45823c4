import { Badge } from '@mantine/core';
import type { Schemas } from '@slrt/api-client';
import { tOr } from '../i18n';

type CaseState = Schemas['CaseViewV1']['state'];
type Deadline = Schemas['CaseViewV1']['deadline'];

/**
 * A case's state as a word and a colour (never colour alone). Colours are dark enough for white
 * text or light enough for black (`autoContrast`), so axe's contrast check passes.
 */
const STATE_COLOURS: Record<CaseState, string> = {
  'awaiting-supervisor': 'yellow.3',
  'awaiting-registry': 'gray.3',
  'returned-for-info': 'orange.2',
  'awaiting-manager': 'yellow.3',
  approved: 'cyan.9',
  referred: 'blue.8',
  'owner-accepted': 'violet.8',
  'owner-review-requested': 'violet.8',
  'rejected-by-owner': 'red.9',
  resolved: 'teal.9',
  closed: 'gray.7',
  withdrawn: 'gray.7',
};

export function CaseStateBadge({ state }: { state: CaseState }) {
  return (
    <Badge
      color={STATE_COLOURS[state] ?? 'gray.7'}
      autoContrast
      variant="filled"
      radius="sm"
      style={{ textTransform: 'none' }}
    >
      {tOr(`review.state.${state}`, state)}
    </Badge>
  );
}

/** "Terlambat" (red) or "Hampir terlambat" (orange); nothing for a case on track. */
export function CaseDeadlineBadge({ deadline, always = false }: { deadline: Deadline; always?: boolean }) {
  if (deadline === 'on-track' && !always) return null;
  const colour = deadline === 'breached' ? 'red.9' : deadline === 'at-risk' ? 'orange.2' : 'gray.2';
  return (
    <Badge color={colour} autoContrast variant="filled" radius="sm" style={{ textTransform: 'none' }}>
      {tOr(`review.deadline.${deadline}`, deadline)}
    </Badge>
  );
}
