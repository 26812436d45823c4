import { useCallback, useState } from 'react';

/** What an operator typed for one action on one case. */
export interface ActionDraft {
  note: string;
  ownerCodes: string[] | null;
  overrideReason: string;
}

export const EMPTY_DRAFT: ActionDraft = { note: '', ownerCodes: null, overrideReason: '' };

/**
 * The drafts of a case's action forms, kept in `sessionStorage` (this tab only, gone when it
 * closes) so a reload, a conflict or a re-login never loses what was typed. Cleared per action
 * once the action is saved.
 */
export function useActionDrafts(caseId: string): {
  draft: (action: string) => ActionDraft;
  update: (action: string, change: Partial<ActionDraft>) => void;
  clear: (action: string) => void;
} {
  const storageKey = `slrt.case-drafts.${caseId}`;
  const [drafts, setDrafts] = useState<Record<string, ActionDraft>>(() => {
    try {
      return JSON.parse(sessionStorage.getItem(storageKey) ?? '{}') as Record<string, ActionDraft>;
    } catch {
      return {};
    }
  });
  const save = useCallback(
    (next: Record<string, ActionDraft>) => {
      try {
        sessionStorage.setItem(storageKey, JSON.stringify(next));
      } catch {
        /* storage full or disabled: the draft stays in memory */
      }
      return next;
    },
    [storageKey],
  );
  return {
    draft: (action) => drafts[action] ?? EMPTY_DRAFT,
    update: (action, change) =>
      setDrafts((d) => save({ ...d, [action]: { ...(d[action] ?? EMPTY_DRAFT), ...change } })),
    clear: (action) =>
      setDrafts((d) => {
        const { [action]: _gone, ...rest } = d;
        return save(rest);
      }),
  };
}
