import { useEffect, useRef, useState } from 'react';
import { Anchor, Badge, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { asApiError, unwrap } from '../../api/problem';
import { formatDateTime } from '../../format';
import { t } from '../../i18n';
import pick from './FilePick.module.css';
import { openBlob } from './ui';

type UploadState = { file: File; state: 'uploading' | 'done' | 'failed'; detail?: string };
const TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
type UploadType = (typeof TYPES)[number];

/**
 * The complaint's attachments: the list (download), photos from the camera or files added, and
 * the files chosen in the registration form uploaded here once the complaint exists; a failed
 * upload can be repeated without choosing the file again.
 */
export function AttachmentsPanel({
  complaintId,
  pending = [],
  canAdd = true,
}: {
  complaintId: string;
  pending?: File[];
  canAdd?: boolean;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [uploads, setUploads] = useState<UploadState[]>([]);
  const started = useRef(false);
  const input = useRef<HTMLInputElement>(null);
  const list = useQuery({
    queryKey: ['complaint', complaintId, 'attachments'],
    queryFn: async () =>
      unwrap(await api.GET('/v1/complaints/{id}/attachments', { params: { path: { id: complaintId } } })),
  });

  async function upload(file: File) {
    setUploads((u) => [...u.filter((x) => x.file !== file), { file, state: 'uploading' }]);
    try {
      const type = (TYPES as readonly string[]).includes(file.type) ? (file.type as UploadType) : 'application/pdf';
      unwrap(
        await api.POST('/v1/complaints/{id}/attachments', {
          params: { path: { id: complaintId }, header: { 'X-File-Name': encodeURIComponent(file.name) } },
          body: file,
          bodySerializer: (b: unknown) => b as Blob,
          headers: { 'content-type': type },
        }),
      );
      setUploads((u) => u.map((x) => (x.file === file ? { file, state: 'done' } : x)));
      await queryClient.invalidateQueries({ queryKey: ['complaint', complaintId, 'attachments'] });
    } catch (e) {
      setUploads((u) =>
        u.map((x) => (x.file === file ? { file, state: 'failed', detail: asApiError(e).problem.detail } : x)),
      );
    }
  }

  useEffect(() => {
    if (started.current || pending.length === 0) return;
    started.current = true;
    void (async () => {
      for (const f of pending) await upload(f);
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function download(id: string) {
    const r = await api.GET('/v1/attachments/{id}', { params: { path: { id } }, parseAs: 'blob' });
    openBlob(unwrap(r as { data?: Blob; error?: unknown; response: Response }));
  }

  const items = list.data?.items ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`att-${complaintId}`}>
      <Title order={3} size="h4" id={`att-${complaintId}`} mb="sm">
        {t('fo.upload.title')}
      </Title>
      <Stack gap="xs">
        {uploads.length > 0 && (
          <List size="sm" spacing={4} aria-live="polite">
            {uploads.map((u) => (
              <List.Item key={`${u.file.name}-${u.file.size}-${u.file.lastModified}`}>
                <Group gap="xs">
                  <Badge
                    c="dark.9"
                    color={u.state === 'done' ? 'green' : u.state === 'failed' ? 'red' : 'blue'}
                    variant="light"
                  >
                    {u.state === 'done'
                      ? t('fo.upload.done', { name: u.file.name })
                      : u.state === 'failed'
                        ? t('fo.upload.failed', { name: u.file.name, detail: u.detail ?? '' })
                        : t('fo.upload.uploading', { name: u.file.name })}
                  </Badge>
                  {u.state === 'failed' && (
                    <Button size="xs" variant="default" onClick={() => void upload(u.file)}>
                      {t('fo.upload.retry')}
                    </Button>
                  )}
                </Group>
              </List.Item>
            ))}
          </List>
        )}
        {items.length === 0 && !list.isLoading && <Text size="sm">{t('fo.detail.attachmentsEmpty')}</Text>}
        {items.length > 0 && (
          <List size="sm" spacing={4}>
            {items.map((a) => (
              <List.Item key={a.attachmentId}>
                <Anchor
                  component="button"
                  type="button"
                  onClick={() => void download(a.attachmentId)}
                  aria-label={t('fo.detail.download', { name: a.fileName })}
                >
                  {a.fileName}
                </Anchor>{' '}
                ({Math.ceil(a.size / 1024)} KB, {formatDateTime(a.uploadedAt)})
              </List.Item>
            ))}
          </List>
        )}
        {canAdd && (
          <div>
            {' '}
            <input
              ref={input}
              id={`add-attachment-${complaintId}`}
              type="file"
              accept="image/*,application/pdf"
              capture="environment"
              className={pick.input}
              onChange={(e) => {
                const chosen = Array.from(e.currentTarget.files ?? []);
                if (input.current) input.current.value = '';
                void (async () => {
                  for (const f of chosen) await upload(f);
                })();
              }}
            />
            <label htmlFor={`add-attachment-${complaintId}`} className={pick.label}>
              {t('fo.upload.add')}
            </label>
          </div>
        )}
      </Stack>
    </Paper>
  );
}
