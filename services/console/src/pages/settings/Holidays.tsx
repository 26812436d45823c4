import { useState } from 'react';
import { Button, Group, NumberInput, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@slrt/api-client';
import { useApi } from '../../api/context';
import { asApiError, unwrap } from '../../api/problem';
import { useSaveForm } from '../../api/useSaveForm';
import { ConfirmActionModal } from '../../components/ConfirmActionModal';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate } from '../../format';
import { t } from '../../i18n';

type Holiday = Schemas['HolidayV1'];

/** Hari libur: the national holidays deadlines skip, one year at a time; add, rename, remove. */
export default function HolidaysPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [year, setYear] = useState(new Date().getFullYear());
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const [removing, setRemoving] = useState<Holiday | null>(null);
  const holidays = useQuery({
    queryKey: ['holidays', year],
    queryFn: async () => unwrap(await api.GET('/v1/holidays', { params: { query: { year } } })).items,
    enabled: year >= 2000 && year <= 2100,
  });

  const { save, submit, error, fieldErrors } = useSaveForm(
    async () => unwrap(await api.PUT('/v1/holidays/{date}', { params: { path: { date } }, body: { name } })),
    {
      invalidate: ['holidays'],
      onSaved: () => {
        const saved = Number(date.slice(0, 4));
        setDate('');
        setName('');
        if (saved !== year && saved >= 2000) setYear(saved);
      },
    },
  );
  const remove = useMutation({
    mutationFn: async (d: string) => unwrap(await api.DELETE('/v1/holidays/{date}', { params: { path: { date: d } } })),
    onSuccess: async () => {
      setRemoving(null);
      await queryClient.invalidateQueries({ queryKey: ['holidays'] });
    },
  });
  return (
    <Stack maw={760}>
      <Title order={2}>{t('settings.holidays.title')}</Title>
      <Text>{t('settings.holidays.intro')}</Text>
      <Paper withBorder p="md">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <ProblemAlert
              error={error}
              fieldLabels={{ date: t('settings.holidays.date'), name: t('settings.holidays.name') }}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                id="field-date"
                type="date"
                label={t('settings.holidays.date')}
                required
                value={date}
                onChange={(e) => setDate(e.currentTarget.value)}
                error={fieldErrors.date}
              />
              <TextInput
                id="field-name"
                label={t('settings.holidays.name')}
                required
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={fieldErrors.name}
              />
            </SimpleGrid>
            <Group>
              <Button type="submit" loading={save.isPending} disabled={!date}>
                {t('settings.holidays.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="holiday-list">
        <Group justify="space-between" mb="sm" align="end">
          <Title order={3} size="h4" id="holiday-list">
            {t('settings.holidays.list', { year })}
          </Title>
          <NumberInput
            label={t('settings.holidays.year')}
            value={year}
            onChange={(v) => typeof v === 'number' && setYear(v)}
            min={2000}
            max={2100}
            w={140}
            allowDecimal={false}
          />
        </Group>
        <ProblemAlert error={holidays.error} />
        {holidays.data?.length === 0 && <Text>{t('settings.holidays.none')}</Text>}
        {holidays.data && holidays.data.length > 0 && (
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.holidays.date')}</Table.Th>
                <Table.Th>{t('settings.holidays.name')}</Table.Th>
                <Table.Th>{t('settings.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {holidays.data.map((h) => (
                <Table.Tr key={h.date}>
                  <Table.Td>{formatDate(h.date)}</Table.Td>
                  <Table.Td>{h.name}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => {
                          setDate(h.date);
                          setName(h.name);
                        }}
                        aria-label={t('settings.holidays.renameOne', { name: h.name })}
                      >
                        {t('settings.edit')}
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => setRemoving(h)}
                        aria-label={t('settings.holidays.removeOne', { name: h.name })}
                      >
                        {t('settings.holidays.remove')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <ConfirmActionModal
        opened={removing !== null}
        title={t('settings.holidays.removeTitle')}
        confirmLabel={t('settings.holidays.remove')}
        onClose={() => {
          setRemoving(null);
          remove.reset();
        }}
        onConfirm={() => removing && remove.mutate(removing.date)}
        busy={remove.isPending}
        error={remove.error ? asApiError(remove.error) : null}
      >
        {t('settings.holidays.removeText', { name: removing?.name ?? '', date: formatDate(removing?.date) })}
      </ConfirmActionModal>
    </Stack>
  );
}
