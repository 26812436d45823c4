import { Fragment, useState } from 'react';
import {
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { Schemas } from '@slrt/api-client';
import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { useSaveForm } from '../../api/useSaveForm';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../format';
import { t, tOr } from '../../i18n';
import { ActiveBadge } from '../../components/ActiveBadge';

type Rule = Schemas['RoutingRuleViewV1'];
type Category = Rule['category'];
type SchoolType = NonNullable<Schemas['RoutingConditionsV1']['schoolType']>[number];
const CATEGORIES: Category[] = ['kepesertaan', 'non-kepesertaan'];
const SCHOOLS: SchoolType[] = ['SD', 'SMP', 'SMA', 'SMK', 'SLB', 'MI', 'MTS', 'MA', 'PESANTREN'];

/**
 * Aturan rujukan: category × programme × conditions → programme owners, highest priority first.
 * Every save is a new version with who, when, why and before/after (the history, on request).
 */
export default function RoutingRulesPage() {
  const api = useApi();
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const rules = useQuery({
    queryKey: ['routing-rules'],
    queryFn: async () =>
      unwrap(await api.GET('/v1/routing-rules', { params: { query: { includeHistory: true, includeInactive: true } } }))
        .items,
  });
  const owners = useQuery({
    queryKey: ['programme-owners'],
    queryFn: async () => unwrap(await api.GET('/v1/programme-owners')).items,
  });
  const ownerName = (code: string) => owners.data?.find((o) => o.code === code)?.name ?? code;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('settings.rules.title')}</Title>
        <Button onClick={() => setEditing('new')}>{t('settings.rules.add')}</Button>
      </Group>
      <Text maw={760}>{t('settings.rules.intro')}</Text>
      <ProblemAlert error={rules.error} />
      <Paper withBorder p="md">
        {rules.data?.length === 0 && <Text>{t('common.empty')}</Text>}
        {rules.data && rules.data.length > 0 && (
          <Table.ScrollContainer minWidth={900}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('settings.rules.category')}</Table.Th>
                  <Table.Th>{t('settings.rules.programme')}</Table.Th>
                  <Table.Th>{t('settings.rules.conditions')}</Table.Th>
                  <Table.Th>{t('settings.rules.owners')}</Table.Th>
                  <Table.Th ta="right">{t('settings.rules.priority')}</Table.Th>
                  <Table.Th>{t('settings.users.status')}</Table.Th>
                  <Table.Th>{t('settings.rules.version')}</Table.Th>
                  <Table.Th>{t('settings.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rules.data.map((r) => (
                  <Fragment key={r.id}>
                    <Table.Tr>
                      <Table.Td>{tOr(`settings.category.${r.category}`, r.category)}</Table.Td>
                      <Table.Td>{r.programmeCode ?? t('settings.rules.anyProgramme')}</Table.Td>
                      <Table.Td>
                        {r.conditions.schoolType?.length
                          ? t('settings.rules.school', { types: r.conditions.schoolType.join(', ') })
                          : '—'}
                      </Table.Td>
                      <Table.Td>{r.ownerCodes.map(ownerName).join(', ')}</Table.Td>
                      <Table.Td ta="right">{r.priority}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <ActiveBadge active={r.active} />
                      </Table.Td>
                      <Table.Td>
                        {t('settings.rules.versionOf', { version: r.version, at: formatDateTime(r.updatedAt) })}
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => setEditing(r)}
                            aria-label={t('settings.rules.editOne', { id: r.id })}
                          >
                            {t('settings.edit')}
                          </Button>
                          <Button
                            size="xs"
                            variant="subtle"
                            onClick={() => setOpen(open === r.id ? null : r.id)}
                            aria-expanded={open === r.id}
                            aria-label={t('settings.rules.historyOne', { id: r.id })}
                          >
                            {t('settings.rules.history')}
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                    {open === r.id && (
                      <Table.Tr>
                        <Table.Td colSpan={8}>
                          <Stack gap={4}>
                            {(r.history ?? []).length === 0 && <Text size="sm">{t('settings.rules.noHistory')}</Text>}
                            {(r.history ?? []).map((h) => (
                              <Text size="sm" key={h.version}>
                                {t('settings.rules.change', {
                                  version: h.version,
                                  at: formatDateTime(h.at),
                                  actor: h.actorId,
                                  role: tOr(`role.${h.actorRole}`, h.actorRole),
                                  reason: h.reason ?? t('settings.rules.noReason'),
                                })}
                              </Text>
                            ))}
                          </Stack>
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <Modal
        closeButtonProps={{ 'aria-label': t('common.close') }}
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('settings.rules.add') : t('settings.rules.edit')}
        size="lg"
      >
        {editing !== null && (
          <RuleForm
            rule={editing === 'new' ? null : editing}
            owners={owners.data ?? []}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </Stack>
  );
}

function RuleForm({
  rule,
  owners,
  onDone,
}: {
  rule: Rule | null;
  owners: Schemas['ProgrammeOwnerViewV1'][];
  onDone: () => void;
}) {
  const api = useApi();
  const [category, setCategory] = useState<Category>(rule?.category ?? 'kepesertaan');
  const [programmeCode, setProgrammeCode] = useState(rule?.programmeCode ?? '');
  const [schools, setSchools] = useState<string[]>(rule?.conditions.schoolType ?? []);
  const [ownerCodes, setOwnerCodes] = useState<string[]>(rule?.ownerCodes ?? []);
  const [priority, setPriority] = useState<number | string>(rule?.priority ?? 100);
  const [note, setNote] = useState(rule?.note ?? '');
  const [active, setActive] = useState(rule?.active ?? true);
  const [reason, setReason] = useState('');

  const { save, submit, error, fieldErrors } = useSaveForm(
    async () =>
      unwrap(
        await api.POST('/v1/routing-rules', {
          body: {
            id: rule?.id ?? null,
            expectedVersion: rule?.version ?? null,
            category,
            programmeCode: programmeCode.trim() || null,
            conditions: schools.length ? { schoolType: schools as SchoolType[] } : {},
            ownerCodes,
            priority: typeof priority === 'number' ? priority : Number(priority),
            note: note || null,
            active,
            reason: reason || null,
          },
        }),
      ),
    { invalidate: ['routing-rules'], onSaved: onDone },
  );
  const labels = {
    category: t('settings.rules.category'),
    programmeCode: t('settings.rules.programme'),
    'conditions.schoolType': t('settings.rules.schoolTypes'),
    ownerCodes: t('settings.rules.owners'),
    priority: t('settings.rules.priority'),
    note: t('settings.rules.note'),
    reason: t('settings.rules.reason'),
    expectedVersion: t('settings.rules.version'),
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <ProblemAlert error={error} fieldLabels={labels} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            id="field-category"
            label={labels.category}
            required
            allowDeselect={false}
            data={CATEGORIES.map((c) => ({ value: c, label: tOr(`settings.category.${c}`, c) }))}
            value={category}
            onChange={(v) => v && setCategory(v as Category)}
            error={fieldErrors.category}
          />
          <TextInput
            id="field-programmeCode"
            label={labels.programmeCode}
            description={t('settings.rules.programmeHint')}
            value={programmeCode}
            onChange={(e) => setProgrammeCode(e.currentTarget.value.toUpperCase())}
            error={fieldErrors.programmeCode}
          />
        </SimpleGrid>
        <MultiSelect
          id="field-conditions.schoolType"
          label={labels['conditions.schoolType']}
          description={t('settings.rules.schoolHint')}
          data={SCHOOLS}
          value={schools}
          onChange={setSchools}
          error={fieldErrors['conditions.schoolType']}
          clearable
        />
        <MultiSelect
          id="field-ownerCodes"
          label={labels.ownerCodes}
          required
          searchable
          data={owners.map((o) => ({ value: o.code, label: `${o.name} (${o.code})` }))}
          value={ownerCodes}
          onChange={setOwnerCodes}
          error={fieldErrors.ownerCodes}
        />
        <NumberInput
          id="field-priority"
          label={labels.priority}
          description={t('settings.rules.priorityHint')}
          required
          min={1}
          max={1000}
          allowDecimal={false}
          value={priority}
          onChange={setPriority}
          error={fieldErrors.priority}
        />
        <TextInput
          id="field-note"
          label={labels.note}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={fieldErrors.note}
        />
        <Switch
          label={t('settings.rules.activeSwitch')}
          checked={active}
          onChange={(e) => setActive(e.currentTarget.checked)}
        />
        <Textarea
          id="field-reason"
          label={labels.reason}
          description={t('settings.rules.reasonHint')}
          required={rule !== null}
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldErrors.reason}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('settings.rules.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
