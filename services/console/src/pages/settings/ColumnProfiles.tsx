import { useState, type FormEvent } from 'react';
import {
  Alert,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@slrt/api-client';
import { useApi } from '../../api/context';
import { asApiError, unwrap, type ApiError } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollRegion } from '../../components/ScrollRegion';
import { t, tOr } from '../../i18n';

type Mapping = Schemas['ColumnMappingV1'];
type Field = keyof Mapping;
const REQUIRED: Field[] = ['nik', 'no_kk', 'name', 'desa_code'];
const OPTIONAL: Field[] = [
  'household_id',
  'member_id',
  'birth_date',
  'sex',
  'relationship',
  'address',
  'desil',
  'pkh',
  'bpnt',
  'pbi',
  'kip',
];

/**
 * Column profiles of registry snapshots: which column of a kab/kota's file holds each field the
 * import needs (DTKS exports, DTSEN, local spreadsheets name them differently). Saving replaces
 * the profile; the next import reads files with it.
 */
export default function ColumnProfilesPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const profiles = useQuery({
    queryKey: ['column-profiles'],
    queryFn: async () => unwrap(await api.GET('/v1/registry/column-profiles')),
  });
  const [code, setCode] = useState('');
  const [description, setDescription] = useState('');
  const [columns, setColumns] = useState<Partial<Record<Field, string>>>({});
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function edit(p: Schemas['ColumnProfileV1']) {
    setEditing(p.code);
    setCode(p.code);
    setDescription(p.description);
    setColumns(Object.fromEntries(Object.entries(p.columns).filter(([, v]) => v)) as Partial<Record<Field, string>>);
    setError(null);
    setSaved(null);
  }

  async function save(ev: FormEvent) {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const mapping = Object.fromEntries(
        [...REQUIRED, ...OPTIONAL].map((f) => [f, columns[f]?.trim() || (REQUIRED.includes(f) ? '' : null)]),
      ) as Mapping;
      unwrap(
        await api.PUT('/v1/registry/column-profiles/{code}', {
          params: { path: { code: code.trim() } },
          body: { description: description.trim(), columns: mapping },
        }),
      );
      setSaved(code.trim());
      setEditing(code.trim());
      await queryClient.invalidateQueries({ queryKey: ['column-profiles'] });
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }

  const fieldErrors = error?.fieldErrors() ?? {};
  const label = (f: Field) => tOr(`settings.columns.field.${f}`, f);
  return (
    <Stack>
      <Title order={2}>{t('settings.columns.title')}</Title>
      <Text>{t('settings.columns.intro')}</Text>
      <ProblemAlert error={profiles.error} />
      {profiles.data && (
        <Paper withBorder p="md">
          <ScrollRegion label={t('settings.columns.title')} minWidth={640}>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('settings.columns.code')}</Table.Th>
                  <Table.Th scope="col">{t('settings.columns.description')}</Table.Th>
                  <Table.Th scope="col">{t('settings.columns.mapped')}</Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>{t('settings.columns.edit')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {profiles.data.items.map((p) => (
                  <Table.Tr key={p.code}>
                    <Table.Th scope="row">{p.code}</Table.Th>
                    <Table.Td>{p.description}</Table.Td>
                    <Table.Td>{Object.values(p.columns).filter(Boolean).length}</Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => edit(p)}
                        aria-label={t('settings.columns.editOne', { code: p.code })}
                      >
                        {t('settings.columns.edit')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        </Paper>
      )}
      <Paper withBorder p="md" component="section" aria-labelledby="profile-form">
        <Title order={3} size="h4" id="profile-form" mb="sm">
          {editing ? t('settings.columns.editing', { code: editing }) : t('settings.columns.new')}
        </Title>
        <form onSubmit={save} noValidate>
          <Stack>
            <ProblemAlert
              error={error}
              fieldLabels={Object.fromEntries([...REQUIRED, ...OPTIONAL].map((f) => [`columns.${f}`, label(f)]))}
            />
            {saved && (
              <Alert color="green" role="status">
                {t('settings.columns.saved', { code: saved })}
              </Alert>
            )}
            <Group grow align="start">
              <TextInput
                id="field-code"
                label={t('settings.columns.code')}
                description={t('settings.columns.codeHint')}
                required
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
                disabled={editing !== null}
                error={fieldErrors.code}
              />
              <TextInput
                id="field-description"
                label={t('settings.columns.description')}
                required
                value={description}
                onChange={(e) => setDescription(e.currentTarget.value)}
                error={fieldErrors.description}
              />
            </Group>
            <Text size="sm" fw={600}>
              {t('settings.columns.mappingTitle')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
              {[...REQUIRED, ...OPTIONAL].map((f) => (
                <TextInput
                  key={f}
                  id={`field-columns.${f}`}
                  label={label(f)}
                  required={REQUIRED.includes(f)}
                  value={columns[f] ?? ''}
                  onChange={(e) => setColumns({ ...columns, [f]: e.currentTarget.value })}
                  error={fieldErrors[`columns.${f}`]}
                />
              ))}
            </SimpleGrid>
            <Group>
              <Button type="submit" loading={busy} disabled={!code.trim() || !description.trim()}>
                {t('settings.columns.save')}
              </Button>
              {editing && (
                <Button
                  variant="subtle"
                  onClick={() => {
                    setEditing(null);
                    setCode('');
                    setDescription('');
                    setColumns({});
                  }}
                >
                  {t('settings.columns.startNew')}
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
