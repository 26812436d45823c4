/**
 * Mantine's default error red (red.6) is below 4.5:1 on white; field errors of the case desks'
 * forms use red.9 (`styles={READABLE_ERROR}` on the input or group).
 */
export const READABLE_ERROR = { error: { color: 'var(--mantine-color-red-9)' } } as const;
