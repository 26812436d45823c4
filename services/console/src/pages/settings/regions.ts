/** "62.71.01, 62.71.02.1001" → the list of codes (commas, spaces or new lines between them). */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function joinList(items: readonly string[] | null | undefined): string {
  return (items ?? []).join(', ');
}
