import { useMemo } from 'react';
import { Badge, Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ApiClient } from '@slrt/api-client';
import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { t, tOr } from '../../i18n';

/** Field labels for the problem summary (`subject.nik` → "NIK subjek"). */
export function fieldLabel(path: string): string {
  return tOr(`fo.field.${path}`, path);
}
export const fieldLabels = new Proxy({} as Record<string, string>, { get: (_t, key: string) => fieldLabel(key) });

const STATUS_COLOURS: Record<string, string> = { registered: 'blue', triaged: 'teal', withdrawn: 'gray' };
const CHECK_COLOURS: Record<string, string> = {
  pending: 'yellow',
  'in-registry': 'green',
  'not-in-registry': 'orange',
  'no-identity': 'grape',
};

/** A complaint's status: a word and a colour. */
export function ComplaintStatusBadge({ status }: { status: string }) {
  return (
    <Badge c="dark.9" color={STATUS_COLOURS[status] ?? 'gray'} variant="light">
      {tOr(`fo.status.${status}`, status)}
    </Badge>
  );
}

/** The registry check's outcome: a word and a colour. */
export function RegistryCheckBadge({ check }: { check: string }) {
  return (
    <Badge c="dark.9" color={CHECK_COLOURS[check] ?? 'gray'} variant="outline">
      {tOr(`fo.check.${check}`, check)}
    </Badge>
  );
}

/** The desa/kelurahan of the user's region scope (the gateway's `listScopeRegions`). */
export function useScopeRegions() {
  const api = useApi();
  return useQuery({
    queryKey: ['regions'],
    queryFn: async () => unwrap(await api.GET('/v1/regions')),
    staleTime: Infinity,
  });
}

/** A searchable select of the desa/kelurahan in scope, with the code as the value. */
export function DesaSelect({
  id,
  label,
  value,
  onChange,
  error,
  required,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (code: string) => void;
  error?: string;
  required?: boolean;
}) {
  const regions = useScopeRegions();
  const data = useMemo(() => {
    const items = regions.data?.items ?? [];
    const options = items.map((r) => ({ value: r.code, label: `${r.name} — Kec. ${r.kecamatanName} (${r.code})` }));
    // A value from a draft or a correction that is not in the list still shows.
    if (value && !items.some((r) => r.code === value)) options.unshift({ value, label: value });
    return options;
  }, [regions.data, value]);
  return (
    <Select
      id={id}
      label={label}
      placeholder={t('fo.form.desaPlaceholder')}
      nothingFoundMessage={t('fo.form.desaNone')}
      data={data}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      searchable
      clearable
      required={required}
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** The programme catalogue (national and the kab/kota's own), active entries. */
export function useProgrammes() {
  const api = useApi();
  return useQuery({
    queryKey: ['programmes'],
    queryFn: async () => unwrap(await api.GET('/v1/programmes', { params: { query: {} } })),
    staleTime: 5 * 60_000,
  });
}

/**
 * Fetches a PDF of the API (with the session's token) and prints it from a hidden frame on this
 * page, or opens it in a new tab. The object URL lives as long as the frame.
 */
export async function fetchPdf(
  api: ApiClient,
  which: { kind: 'receipt'; id: string; layout: 'a4' | 'a5' | 'thermal-80' } | { kind: 'letter'; id: string },
): Promise<Blob> {
  const result =
    which.kind === 'receipt'
      ? await api.GET('/v1/complaints/{id}/receipt', {
          params: { path: { id: which.id }, query: { layout: which.layout } },
          parseAs: 'blob',
        })
      : await api.GET('/v1/complaints/{id}/civil-registration-letter', {
          params: { path: { id: which.id } },
          parseAs: 'blob',
        });
  return unwrap(result as { data?: Blob; error?: unknown; response: Response });
}

let printFrame: HTMLIFrameElement | null = null;

export function printBlob(blob: Blob, title: string): void {
  const url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
  if (printFrame) {
    URL.revokeObjectURL(printFrame.src);
    printFrame.remove();
  }
  const frame = document.createElement('iframe');
  frame.title = title;
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  Object.assign(frame.style, {
    position: 'fixed',
    right: '0',
    bottom: '0',
    width: '1px',
    height: '1px',
    border: '0',
    opacity: '0',
  });
  frame.addEventListener('load', () => {
    try {
      frame.contentWindow?.focus();
      frame.contentWindow?.print();
    } catch {
      window.open(url, '_blank', 'noopener');
    }
  });
  frame.src = url;
  document.body.appendChild(frame);
  printFrame = frame;
}

export function openBlob(blob: Blob): void {
  const url = URL.createObjectURL(new Blob([blob], { type: blob.type || 'application/pdf' }));
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
