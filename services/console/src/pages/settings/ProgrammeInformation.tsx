import { useState } from 'react';
import { Button, Group, Modal, Paper, Stack, Switch, Table, Text, Textarea, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { Schemas } from '@slrt/api-client';
import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { useSaveForm } from '../../api/useSaveForm';
import { ProblemAlert } from '../../components/ProblemAlert';
import { t } from '../../i18n';
import { ActiveBadge } from '../../components/ActiveBadge';

type Programme = Schemas['ProgrammeViewV1'];

/** Program: the catalogue's information for citizens and the front office (what it gives, who may receive it, documents, how to apply, public page). */
export default function ProgrammeInformationPage() {
  const api = useApi();
  const [editing, setEditing] = useState<Programme | null>(null);
  const programmes = useQuery({
    queryKey: ['programmes', 'all'],
    queryFn: async () =>
      unwrap(await api.GET('/v1/programmes', { params: { query: { includeInactive: true } } })).items,
  });
  return (
    <Stack>
      <Title order={2}>{t('settings.programmes.title')}</Title>
      <Text>{t('settings.programmes.intro')}</Text>
      <ProblemAlert error={programmes.error} />
      <Paper withBorder p="md">
        {programmes.data && (
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('settings.programmes.name')}</Table.Th>
                  <Table.Th>{t('settings.programmes.sector')}</Table.Th>
                  <Table.Th>{t('settings.programmes.publicInfo')}</Table.Th>
                  <Table.Th>{t('settings.users.status')}</Table.Th>
                  <Table.Th>{t('settings.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {programmes.data.map((p) => (
                  <Table.Tr key={p.code}>
                    <Table.Td>
                      {p.name}
                      <Text size="xs" c="dimmed">
                        {p.code} · {t(`fo.programmeInfo.${p.scope}`)}
                      </Text>
                    </Table.Td>
                    <Table.Td>{t(`fo.sector.${p.sector}`)}</Table.Td>
                    <Table.Td>
                      {p.publicInfo ? t('settings.programmes.shown') : t('settings.programmes.hidden')}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <ActiveBadge active={p.active} />
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => setEditing(p)}
                        aria-label={t('settings.programmes.editOne', { name: p.name })}
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
        title={t('settings.programmes.edit')}
        size="lg"
      >
        {editing && <InformationForm programme={editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}

function InformationForm({ programme: p, onDone }: { programme: Programme; onDone: () => void }) {
  const api = useApi();
  const [description, setDescription] = useState(p.description);
  const [eligibility, setEligibility] = useState(p.eligibility);
  const [documents, setDocuments] = useState(p.documentsNeeded.join('\n'));
  const [howToApply, setHowToApply] = useState(p.howToApply);
  const [publicInfo, setPublicInfo] = useState(p.publicInfo);

  const { save, submit, error, fieldErrors } = useSaveForm(
    async () => {
      // The programme's other fields as they are; the version guards against a concurrent change (409).
      const body = {
        name: p.name,
        aliases: p.aliases,
        sector: p.sector,
        scope: p.scope,
        funder: p.funder,
        defaultOwnerCode: p.defaultOwnerCode,
        otherOwnerCodes: p.otherOwnerCodes,
        notes: p.notes,
        active: p.active,
        expectedVersion: p.version,
        description,
        eligibility,
        documentsNeeded: documents
          .split('\n')
          .map((d) => d.trim())
          .filter(Boolean),
        howToApply,
        publicInfo,
      };
      return unwrap(await api.PUT('/v1/programmes/{code}', { params: { path: { code: p.code } }, body }));
    },
    { invalidate: ['programmes'], onSaved: onDone },
  );
  const labels = {
    description: t('fo.programmeInfo.description'),
    eligibility: t('fo.programmeInfo.eligibility'),
    documentsNeeded: t('fo.programmeInfo.documents'),
    howToApply: t('fo.programmeInfo.howToApply'),
    publicInfo: t('settings.programmes.publicInfo'),
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <ProblemAlert error={error} fieldLabels={labels} />
        <Text>
          {p.name} (<strong>{p.code}</strong>)
        </Text>
        <Textarea
          id="field-description"
          label={labels.description}
          description={t('settings.programmes.max1000')}
          autosize
          minRows={2}
          maxLength={1000}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={fieldErrors.description}
        />
        <Textarea
          id="field-eligibility"
          label={labels.eligibility}
          description={t('settings.programmes.max1000')}
          autosize
          minRows={2}
          maxLength={1000}
          value={eligibility}
          onChange={(e) => setEligibility(e.currentTarget.value)}
          error={fieldErrors.eligibility}
        />
        <Textarea
          id="field-documentsNeeded"
          label={labels.documentsNeeded}
          description={t('settings.programmes.documentsHint')}
          autosize
          minRows={2}
          value={documents}
          onChange={(e) => setDocuments(e.currentTarget.value)}
          error={fieldErrors.documentsNeeded}
        />
        <Textarea
          id="field-howToApply"
          label={labels.howToApply}
          description={t('settings.programmes.max1000')}
          autosize
          minRows={2}
          maxLength={1000}
          value={howToApply}
          onChange={(e) => setHowToApply(e.currentTarget.value)}
          error={fieldErrors.howToApply}
        />
        <Switch
          id="field-publicInfo"
          label={t('settings.programmes.publicSwitch')}
          checked={publicInfo}
          onChange={(e) => setPublicInfo(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('settings.programmes.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
