/* eslint-disable max-lines -- one page: the NIK, KK and name lookups, their results and the reveal dialog share one state */
import { useState, type FormEvent } from 'react';
import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import type { Schemas } from '@slrt/api-client';
import { useApi } from '../../api/context';
import { asApiError, unwrap, type ApiError } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../format';
import { t } from '../../i18n';
import { emptyDraft, loadDraft, saveDraft } from './model';
import { ComplaintStatusBadge, DesaSelect } from './ui';
import { HouseholdCard } from './HouseholdCard';

type By = 'nik' | 'kk' | 'name';
type LookupRequest = Schemas['LookupPersonRequestV1'];
type Member = Schemas['RegistryMemberV1'];
type Household = Schemas['RegistryHouseholdV1'];

/**
 * Cari warga: the registry (DTKS/DTSEN) lookup by NIK, No. KK or name + birth date, masked by
 * default; "Tampilkan" repeats it with a reason (logged by the registry). A person found can be
 * carried into the registration form, and their earlier complaints are shown when the full NIK is
 * known.
 */
export default function LookupPage() {
  const api = useApi();
  const [, navigate] = useLocation();
  const [by, setBy] = useState<By>('nik');
  const [nik, setNik] = useState('');
  const [noKk, setNoKk] = useState('');
  const [name, setName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [birthYear, setBirthYear] = useState<string | number>('');
  const [regionCode, setRegionCode] = useState('');
  const [revealOpen, setRevealOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [historyNik, setHistoryNik] = useState<string | null>(null);

  const request = (reveal: boolean, why?: string): LookupRequest => ({
    by,
    ...(by === 'nik'
      ? { nik: nik.trim() }
      : by === 'kk'
        ? { noKk: noKk.trim() }
        : {
            name: name.trim(),
            ...(birthDate ? { birthDate } : birthYear !== '' ? { birthYear: Number(birthYear) } : {}),
          }),
    ...(regionCode ? { regionCode } : {}),
    purpose: { kind: 'complaint', ...(why ? { reference: why } : {}) },
    reveal,
  });

  const lookup = useMutation<Schemas['LookupPersonResponseV1'], ApiError, LookupRequest>({
    mutationFn: async (body) => {
      try {
        return unwrap(await api.POST('/v1/registry/persons/search', { body }));
      } catch (e) {
        throw asApiError(e);
      }
    },
    onSuccess: () => setRevealOpen(false),
  });

  const complaints = useMutation<Schemas['FindPersonComplaintsResponseV1'], ApiError, string>({
    mutationFn: async (n) => {
      try {
        return unwrap(await api.POST('/v1/complaints/search-by-person', { body: { nik: n } }));
      } catch (e) {
        throw asApiError(e);
      }
    },
  });

  function submit(ev: FormEvent) {
    ev.preventDefault();
    setHistoryNik(null);
    complaints.reset();
    lookup.mutate(request(false));
    // Searching by NIK: the earlier complaints of that NIK are known at once.
    if (by === 'nik' && /^\d{16}$/.test(nik.trim())) {
      setHistoryNik(nik.trim());
      complaints.mutate(nik.trim());
    }
  }

  /** The member's full NIK when the page knows it (revealed, or the NIK that was searched). */
  const fullNik = (m: Member): string | null => (/^\d{16}$/.test(m.nik) ? m.nik : null);

  function register(m: Member, h: Household) {
    const draft = loadDraft() ?? emptyDraft();
    const nikValue = fullNik(m) ?? '';
    saveDraft({
      ...draft,
      subject: {
        ...draft.subject,
        nik: nikValue,
        noKk: /^\d{16}$/.test(h.noKk) ? h.noKk : '',
        name: m.name,
        birthDate: m.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(m.birthDate) ? m.birthDate : '',
        sex: m.sex ?? '',
        street: h.address ?? draft.subject.street,
        desaCode: h.desaCode,
      },
    });
    navigate(`/keluhan/baru?dari=cari${nikValue ? '' : '&samar=1'}`);
  }

  function showHistory(m: Member) {
    const n = fullNik(m);
    if (!n) return;
    setHistoryNik(n);
    complaints.mutate(n);
  }

  const result = lookup.data;
  const canSubmit =
    by === 'nik' ? nik.trim().length > 0 : by === 'kk' ? noKk.trim().length > 0 : name.trim().length > 0;

  return (
    <Stack maw={1100}>
      <Title order={2}>{t('fo.lookup.title')}</Title>
      <Text size="sm">{t('fo.lookup.intro')}</Text>
      <Paper withBorder p="md" component="section" aria-label={t('fo.lookup.title')}>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <div>
              <Text size="sm" fw={500} id="lookup-by-label" mb={4}>
                {t('fo.lookup.by')}
              </Text>
              <SegmentedControl
                aria-labelledby="lookup-by-label"
                value={by}
                onChange={(v) => setBy(v as By)}
                data={[
                  { value: 'nik', label: t('fo.lookup.by.nik') },
                  { value: 'kk', label: t('fo.lookup.by.kk') },
                  { value: 'name', label: t('fo.lookup.by.name') },
                ]}
              />
            </div>
            <ProblemAlert error={lookup.error} />
            {by === 'nik' && (
              <TextInput
                id="field-nik"
                label={t('fo.lookup.nik')}
                inputMode="numeric"
                autoComplete="off"
                maxLength={16}
                value={nik}
                onChange={(e) => setNik(e.currentTarget.value.replace(/\D/g, ''))}
                error={lookup.error?.fieldErrors().nik}
                data-autofocus
              />
            )}
            {by === 'kk' && (
              <TextInput
                id="field-noKk"
                label={t('fo.lookup.noKk')}
                inputMode="numeric"
                autoComplete="off"
                maxLength={16}
                value={noKk}
                onChange={(e) => setNoKk(e.currentTarget.value.replace(/\D/g, ''))}
                error={lookup.error?.fieldErrors().noKk}
              />
            )}
            {by === 'name' && (
              <Group grow align="flex-start" wrap="wrap">
                <TextInput
                  id="field-name"
                  label={t('fo.lookup.name')}
                  autoComplete="off"
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  error={lookup.error?.fieldErrors().name}
                  miw={220}
                />
                <TextInput
                  id="field-birthDate"
                  type="date"
                  label={t('fo.lookup.birthDate')}
                  value={birthDate}
                  onChange={(e) => setBirthDate(e.currentTarget.value)}
                  error={lookup.error?.fieldErrors().birthDate}
                  miw={160}
                />
                <NumberInput
                  id="field-birthYear"
                  label={t('fo.lookup.birthYear')}
                  value={birthYear}
                  onChange={setBirthYear}
                  min={1900}
                  max={2100}
                  allowDecimal={false}
                  thousandSeparator=""
                  error={lookup.error?.fieldErrors().birthYear}
                  miw={120}
                />
              </Group>
            )}
            <DesaSelect
              id="field-regionCode"
              label={t('fo.lookup.region')}
              value={regionCode}
              onChange={setRegionCode}
              error={lookup.error?.fieldErrors().regionCode}
            />
            <Group>
              <Button type="submit" loading={lookup.isPending} disabled={!canSubmit}>
                {t('fo.lookup.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>

      {result && (
        <Stack component="section" aria-label={t('fo.lookup.results', { count: result.matches.length })} gap="sm">
          <Group justify="space-between">
            <Text fw={600} role="status">
              {result.matches.length === 0
                ? t('fo.lookup.none')
                : t('fo.lookup.results', { count: result.matches.length })}
            </Text>
            {result.dataPeriod && <Text size="sm">{t('fo.lookup.dataPeriod', { period: result.dataPeriod })}</Text>}
          </Group>
          {result.revealed ? (
            <Alert color="yellow" variant="light">
              {t('fo.lookup.revealed')}
            </Alert>
          ) : (
            result.matches.length > 0 && (
              <Group>
                <Button variant="default" onClick={() => setRevealOpen(true)}>
                  {t('fo.lookup.reveal')}
                </Button>
              </Group>
            )
          )}
          {result.matches.map((match) => (
            <HouseholdCard
              key={match.household.householdId}
              household={match.household}
              matched={match.person ?? null}
              searchedNik={by === 'nik' ? nik.trim() : null}
              onRegister={register}
              onHistory={showHistory}
            />
          ))}
        </Stack>
      )}

      {historyNik && (
        <Paper withBorder p="md" component="section" aria-labelledby="earlier-title">
          <Title order={3} size="h4" id="earlier-title" mb="sm">
            {t('fo.lookup.complaints')}
          </Title>
          <ProblemAlert error={complaints.error} />
          {complaints.data && complaints.data.items.length === 0 && (
            <Text size="sm">{t('fo.lookup.complaintsNone')}</Text>
          )}
          {complaints.data && complaints.data.items.length > 0 && (
            <Table.ScrollContainer minWidth={560}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('fo.history.number')}</Table.Th>
                    <Table.Th>{t('fo.history.date')}</Table.Th>
                    <Table.Th>{t('fo.history.programme')}</Table.Th>
                    <Table.Th>{t('fo.history.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {complaints.data.items.map((c) => (
                    <Table.Tr key={c.complaintId}>
                      <Table.Td>
                        <Anchor component={Link} href={`/keluhan/${c.complaintId}`}>
                          {c.receiptNumber}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{formatDateTime(c.registeredAt)}</Table.Td>
                      <Table.Td>{c.programmeCodes.join(', ')}</Table.Td>
                      <Table.Td>
                        <ComplaintStatusBadge status={c.status} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Paper>
      )}

      <Modal
        closeButtonProps={{ 'aria-label': t('common.close') }}
        opened={revealOpen}
        onClose={() => setRevealOpen(false)}
        title={t('fo.lookup.revealTitle')}
        centered
      >
        <form
          onSubmit={(ev) => {
            ev.preventDefault();
            lookup.mutate(request(true, reason.trim()));
          }}
        >
          <Stack gap="sm">
            <Text size="sm">{t('fo.lookup.revealText')}</Text>
            <Textarea
              id="field-purpose.reference"
              label={t('fo.lookup.revealReason')}
              required
              minRows={2}
              maxLength={120}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={lookup.error?.fieldErrors()['purpose.reference']}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRevealOpen(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={lookup.isPending} disabled={reason.trim().length < 3}>
                {t('fo.lookup.revealConfirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
