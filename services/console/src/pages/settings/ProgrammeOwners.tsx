import { useState } from 'react';
import {
  Box,
  Button,
  Checkbox,
  Group,
  Modal,
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
import { t, tOr } from '../../i18n';
import { joinList, splitList } from './regions';
import { ActiveBadge } from '../../components/ActiveBadge';

type Owner = Schemas['ProgrammeOwnerViewV1'];
type Level = Owner['level'];
type PersonalField = Schemas['SaveProgrammeOwnerRequestV1']['personalFields'][number];
const LEVELS: Level[] = ['pusat', 'provinsi', 'kabkota', 'desa'];
const PERSONAL: PersonalField[] = ['name', 'nik', 'noKk', 'birthDate', 'address', 'desaCode', 'phone', 'description'];

/** Pemilik program: the directory of programme owners referrals go to; add and change entries. */
export default function ProgrammeOwnersPage() {
  const api = useApi();
  const [editing, setEditing] = useState<Owner | 'new' | null>(null);
  const owners = useQuery({
    queryKey: ['programme-owners'],
    queryFn: async () => unwrap(await api.GET('/v1/programme-owners')).items,
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('settings.owners.title')}</Title>
        <Button onClick={() => setEditing('new')}>{t('settings.owners.add')}</Button>
      </Group>
      <ProblemAlert error={owners.error} />
      <Paper withBorder p="md">
        {owners.data && (
          <Table.ScrollContainer minWidth={860}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('settings.owners.name')}</Table.Th>
                  <Table.Th>{t('settings.owners.level')}</Table.Th>
                  <Table.Th>{t('settings.owners.programmes')}</Table.Th>
                  <Table.Th>{t('settings.owners.area')}</Table.Th>
                  <Table.Th ta="right">{t('settings.owners.days')}</Table.Th>
                  <Table.Th>{t('settings.users.status')}</Table.Th>
                  <Table.Th>{t('settings.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {owners.data.map((o) => (
                  <Table.Tr key={o.code}>
                    <Table.Td>
                      {o.name}
                      <Text size="xs" c="dimmed">
                        {o.code}
                        {o.nonGovernment ? ` · ${t('settings.owners.nonGov')}` : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>{tOr(`settings.level.${o.level}`, o.level)}</Table.Td>
                    <Table.Td>{joinList(o.programmeCodes) || '—'}</Table.Td>
                    <Table.Td>{joinList(o.serviceArea) || t('app.scope.all')}</Table.Td>
                    <Table.Td ta="right">{o.responseDays}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <ActiveBadge active={o.active} />
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => setEditing(o)}
                        aria-label={t('settings.owners.editOne', { name: o.name })}
                      >
                        {t('settings.edit')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
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
        title={editing === 'new' ? t('settings.owners.add') : t('settings.owners.edit')}
        size="lg"
      >
        {editing !== null && <OwnerForm owner={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}

function OwnerForm({ owner, onDone }: { owner: Owner | null; onDone: () => void }) {
  const api = useApi();
  const [code, setCode] = useState('');
  const [name, setName] = useState(owner?.name ?? '');
  const [level, setLevel] = useState<Level>(owner?.level ?? 'kabkota');
  const [nonGovernment, setNonGovernment] = useState(owner?.nonGovernment ?? false);
  const [programmes, setProgrammes] = useState(joinList(owner?.programmeCodes));
  const [area, setArea] = useState(joinList(owner?.serviceArea));
  const [documents, setDocuments] = useState((owner?.requiredDocuments ?? []).join('\n'));
  const [personal, setPersonal] = useState<string[]>(owner?.personalFields ?? ['name', 'nik', 'desaCode']);
  const [days, setDays] = useState<number | string>(owner?.responseDays ?? 14);
  const [contact, setContact] = useState(owner?.contact ?? '');
  const [active, setActive] = useState(owner?.active ?? true);

  const { save, submit, error, fieldErrors } = useSaveForm(
    async () => {
      const body = {
        name,
        level,
        nonGovernment,
        programmeCodes: splitList(programmes),
        serviceArea: splitList(area),
        requiredDocuments: documents
          .split('\n')
          .map((d) => d.trim())
          .filter(Boolean),
        personalFields: personal as PersonalField[],
        responseDays: typeof days === 'number' ? days : Number(days),
        contact: contact || null,
        active,
      };
      if (owner)
        return unwrap(await api.PUT('/v1/programme-owners/{code}', { params: { path: { code: owner.code } }, body }));
      return unwrap(await api.POST('/v1/programme-owners', { body: { ...body, code } }));
    },
    { invalidate: ['programme-owners'], onSaved: onDone },
  );
  const labels = {
    code: t('settings.owners.code'),
    name: t('settings.owners.name'),
    level: t('settings.owners.level'),
    programmeCodes: t('settings.owners.programmes'),
    serviceArea: t('settings.owners.area'),
    requiredDocuments: t('settings.owners.documents'),
    personalFields: t('settings.owners.personal'),
    responseDays: t('settings.owners.days'),
    contact: t('settings.owners.contact'),
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <ProblemAlert error={error} fieldLabels={labels} />
        {owner ? (
          <Text>
            {labels.code}: <strong>{owner.code}</strong>
          </Text>
        ) : (
          <TextInput
            id="field-code"
            label={labels.code}
            description={t('settings.owners.codeHint')}
            required
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={fieldErrors.code}
          />
        )}
        <TextInput
          id="field-name"
          label={labels.name}
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldErrors.name}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            id="field-level"
            label={labels.level}
            required
            allowDeselect={false}
            data={LEVELS.map((l) => ({ value: l, label: tOr(`settings.level.${l}`, l) }))}
            value={level}
            onChange={(v) => v && setLevel(v as Level)}
            error={fieldErrors.level}
          />
          <NumberInput
            id="field-responseDays"
            label={labels.responseDays}
            required
            min={1}
            max={120}
            allowDecimal={false}
            value={days}
            onChange={setDays}
            error={fieldErrors.responseDays}
          />
        </SimpleGrid>
        <TextInput
          id="field-programmeCodes"
          label={labels.programmeCodes}
          description={t('settings.owners.programmesHint')}
          value={programmes}
          onChange={(e) => setProgrammes(e.currentTarget.value)}
          error={fieldErrors.programmeCodes}
        />
        <TextInput
          id="field-serviceArea"
          label={labels.serviceArea}
          description={t('settings.owners.areaHint')}
          value={area}
          onChange={(e) => setArea(e.currentTarget.value)}
          error={fieldErrors.serviceArea}
        />
        <Textarea
          id="field-requiredDocuments"
          label={labels.requiredDocuments}
          description={t('settings.owners.documentsHint')}
          autosize
          minRows={2}
          value={documents}
          onChange={(e) => setDocuments(e.currentTarget.value)}
          error={fieldErrors.requiredDocuments}
        />
        <Box id="field-personalFields" tabIndex={-1}>
          <Checkbox.Group
            label={labels.personalFields}
            description={t('settings.owners.personalHint')}
            value={personal}
            onChange={setPersonal}
            error={fieldErrors.personalFields}
          >
            <SimpleGrid cols={{ base: 1, xs: 2 }} mt="xs" spacing="xs">
              {PERSONAL.map((f) => (
                <Checkbox key={f} value={f} label={tOr(`settings.personal.${f}`, f)} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
        </Box>
        <TextInput
          id="field-contact"
          label={labels.contact}
          value={contact}
          onChange={(e) => setContact(e.currentTarget.value)}
          error={fieldErrors.contact}
        />
        <Switch
          label={t('settings.owners.nonGovSwitch')}
          checked={nonGovernment}
          onChange={(e) => setNonGovernment(e.currentTarget.checked)}
        />
        <Switch
          label={t('settings.owners.activeSwitch')}
          checked={active}
          onChange={(e) => setActive(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('settings.owners.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
