import type { FormEvent } from 'react';
import { useMutation, useQueryClient, type QueryKey, type UseMutationResult } from '@tanstack/react-query';
import { asApiError, type ApiError } from './problem';

export interface SaveForm<T> {
  save: UseMutationResult<T, Error, void>;
  /** The form's `onSubmit`: no page reload, one save. */
  submit: (ev: FormEvent) => void;
  error: ApiError | null;
  /** Field errors of the last failed save, by field path. */
  fieldErrors: Record<string, string>;
}

/**
 * The save of a settings form: runs `mutationFn`, then refreshes the list the form edits
 * (`invalidate`) before `onSaved`, so a closing dialog shows the list as it now is.
 */
export function useSaveForm<T>(
  mutationFn: () => Promise<T>,
  options: { invalidate: QueryKey; onSaved?: (saved: T) => void },
): SaveForm<T> {
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn,
    onSuccess: async (saved: T) => {
      await queryClient.invalidateQueries({ queryKey: options.invalidate });
      options.onSaved?.(saved);
    },
  });
  const error = save.error ? asApiError(save.error) : null;
  return {
    save,
    submit: (ev) => {
      ev.preventDefault();
      save.mutate();
    },
    error,
    fieldErrors: error?.fieldErrors() ?? {},
  };
}
