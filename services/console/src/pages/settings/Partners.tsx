import { useState, type FormEvent } from 'react';
import {
  Alert,
  Badge,
  Button,
  FileInput,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@slrt/api-client';
import { useApi } from '../../api/context';
import { asApiError, unwrap } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { READABLE_ERROR } from '../../components/readableError';
import { formatDate } from '../../format';
import { t } from '../../i18n';

type Partner = Schemas['PartnerViewV1'];

/** The file as base64 (the API takes the signed PDF inside the JSON body, at most 512 KB). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Mitra dan perjanjian (seed 001: partnerships with CSR, BAZNAS, hospitals): the non-government
 * owners of the directory with their agreements (number, programmes, period, signed PDF) and what
 * they may receive today; the ADMIN records a new agreement.
 */
export default function PartnersPage() {
  const api = useApi();
  const partners = useQuery({
    queryKey: ['partners'],
    queryFn: async () => unwrap(await api.GET('/v1/partners')).items,
  });
  const [adding, setAdding] = useState<Partner | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  async function download(id: string, name: string) {
    const { data } = await api.GET('/v1/partnerships/{id}/document', { params: { path: { id } }, parseAs: 'blob' });
    if (!data) return;
    const url = URL.createObjectURL(data as Blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    URL.revokeObjectURL(url);
  }
  return (
    <Stack gap="md">
      <Title order={2}>{t('settings.partners.title')}</Title>
      <Text>{t('settings.partners.intro')}</Text>
      {saved && (
        <Alert color="green" role="status">
          {saved}
        </Alert>
      )}
      <ProblemAlert error={partners.error} />
      {partners.data?.length === 0 && <Text>{t('settings.partners.none')}</Text>}
      {partners.data?.map((p) => (
        <Paper key={p.code} withBorder p="md" component="section" aria-labelledby={`partner-${p.code}`}>
          <Title order={3} size="h4" id={`partner-${p.code}`}>
            {p.name}
          </Title>
          <Text size="sm" mb="xs">
            {p.programmesInForce.length
              ? t('settings.partners.inForce', { programmes: p.programmesInForce.join(', ') })
              : t('settings.partners.noneInForce')}
          </Text>
          {p.partnerships.length > 0 && (
            <Table.ScrollContainer minWidth={560}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('settings.partners.col.number')}</Table.Th>
                    <Table.Th>{t('settings.partners.col.programmes')}</Table.Th>
                    <Table.Th>{t('settings.partners.col.period')}</Table.Th>
                    <Table.Th>{t('settings.partners.col.status')}</Table.Th>
                    <Table.Th>{t('settings.partners.col.document')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {p.partnerships.map((a) => (
                    <Table.Tr key={a.partnershipId}>
                      <Table.Td>{a.agreementNumber}</Table.Td>
                      <Table.Td>{a.programmeCodes.join(', ')}</Table.Td>
                      <Table.Td>
                        {formatDate(a.periodStart)} – {formatDate(a.periodEnd)}
                      </Table.Td>
                      <Table.Td>
                        <Badge
                          color={a.inForce ? 'teal.9' : 'gray.7'}
                          autoContrast
                          variant="filled"
                          radius="sm"
                          style={{ textTransform: 'none' }}
                        >
                          {a.inForce ? t('settings.partners.status.inForce') : t('settings.partners.status.notInForce')}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Button
                          variant="subtle"
                          size="xs"
                          onClick={() => void download(a.partnershipId, a.documentName)}
                          aria-label={`${t('settings.partners.download')} ${a.agreementNumber}`}
                        >
                          {t('settings.partners.download')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Button
            mt="sm"
            variant="outline"
            color="blue.8"
            onClick={() => setAdding(p)}
            aria-label={`${t('settings.partners.add')}: ${p.name}`}
          >
            {t('settings.partners.add')}
          </Button>
        </Paper>
      ))}
      {adding && (
        <AgreementForm
          partner={adding}
          onClose={() => setAdding(null)}
          onSaved={(number) => {
            setAdding(null);
            setSaved(t('settings.partners.saved', { number }));
          }}
        />
      )}
    </Stack>
  );
}

function AgreementForm({
  partner,
  onClose,
  onSaved,
}: {
  partner: Partner;
  onClose: () => void;
  onSaved: (number: string) => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [number, setNumber] = useState('');
  const [programmes, setProgrammes] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const mutation = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/v1/partnerships', {
          body: {
            ownerCode: partner.code,
            agreementNumber: number.trim(),
            programmeCodes: programmes
              .split(',')
              .map((p) => p.trim().toUpperCase())
              .filter(Boolean),
            periodStart: start.trim(),
            periodEnd: end.trim(),
            ...(file ? { documentBase64: await base64Of(file), documentName: file.name } : {}),
            active: true,
          },
        }),
      ),
    onSuccess: async (a) => {
      await queryClient.invalidateQueries({ queryKey: ['partners'] });
      onSaved(a.agreementNumber);
    },
  });
  const error = mutation.error ? asApiError(mutation.error) : null;
  const fe = error ? error.fieldErrors() : {};
  function submit(ev: FormEvent) {
    ev.preventDefault();
    mutation.mutate();
  }
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('settings.partners.form.title', { partner: partner.name })}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <ProblemAlert
            error={error}
            fieldLabels={{
              agreementNumber: t('settings.partners.form.number'),
              programmeCodes: t('settings.partners.form.programmes'),
              periodStart: t('settings.partners.form.start'),
              periodEnd: t('settings.partners.form.end'),
              documentBase64: t('settings.partners.form.document'),
            }}
          />
          <TextInput
            id="field-agreementNumber"
            label={t('settings.partners.form.number')}
            required
            value={number}
            onChange={(e) => setNumber(e.currentTarget.value)}
            styles={READABLE_ERROR}
            error={fe.agreementNumber}
          />
          <TextInput
            id="field-programmeCodes"
            label={t('settings.partners.form.programmes')}
            required
            value={programmes}
            onChange={(e) => setProgrammes(e.currentTarget.value)}
            styles={READABLE_ERROR}
            error={fe.programmeCodes}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              id="field-periodStart"
              label={t('settings.partners.form.start')}
              required
              value={start}
              onChange={(e) => setStart(e.currentTarget.value)}
              styles={READABLE_ERROR}
              error={fe.periodStart}
            />
            <TextInput
              id="field-periodEnd"
              label={t('settings.partners.form.end')}
              required
              value={end}
              onChange={(e) => setEnd(e.currentTarget.value)}
              styles={READABLE_ERROR}
              error={fe.periodEnd}
            />
          </SimpleGrid>
          <FileInput
            id="field-documentBase64"
            label={t('settings.partners.form.document')}
            required
            accept="application/pdf"
            value={file}
            onChange={setFile}
            styles={READABLE_ERROR}
            error={fe.documentBase64}
            clearable
            clearButtonProps={{ 'aria-label': t('settings.partners.form.clearDocument') }}
          />
          <Button type="submit" color="blue.8" loading={mutation.isPending}>
            {t('settings.partners.form.save')}
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
