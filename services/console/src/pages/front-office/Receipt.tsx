import { useState } from 'react';
import {
  Alert,
  Button,
  Center,
  Group,
  List,
  Loader,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'wouter';
import { useApi } from '../../api/context';
import { asApiError, unwrap, type ApiError } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../format';
import { t, tOr } from '../../i18n';
import { AttachmentsPanel } from './Attachments';
import { takeFiles } from './model';
import { ComplaintStatusBadge, RegistryCheckBadge, fetchPdf, openBlob, printBlob } from './ui';

type Layout = 'a4' | 'a5' | 'thermal-80';
const LAYOUT_KEY = 'slrt.fo.receiptLayout';

/** The counter's printer stays chosen (not personal data: localStorage). */
function savedLayout(): Layout {
  try {
    const v = localStorage.getItem(LAYOUT_KEY);
    return v === 'a4' || v === 'a5' || v === 'thermal-80' ? v : 'a5';
  } catch {
    return 'a5';
  }
}

/**
 * After saving: the number and tracking code to give the citizen, what the platform noticed
 * (warnings, a possible duplicate), the receipt printed in the office's paper size, the letter
 * to Disdukcapil for a subject without NIK/KK, and the attachments uploaded.
 */
export default function ReceiptPage() {
  const { id } = useParams<{ id: string }>();
  const api = useApi();
  const [pending] = useState<File[]>(() => takeFiles(id));
  const complaint = useQuery({
    queryKey: ['complaint', id],
    queryFn: async () => unwrap(await api.GET('/v1/complaints/{id}', { params: { path: { id }, query: {} } })),
  });

  if (complaint.isLoading) {
    return (
      <Center p="xl">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (!complaint.data) return <ProblemAlert error={complaint.error} />;
  const c = complaint.data;
  const nextKey =
    c.registryCheck === 'pending' ? 'fo.receipt.next.pending' : `fo.receipt.next.${c.nextStep ?? 'review'}`;
  const subject = c.persons.find((p) => p.role === 'subject');
  const needsLetter = c.nextStep === 'civil-registration' || (subject !== undefined && !subject.nik);

  return (
    <Stack maw={900}>
      <Title order={2}>{t('fo.receipt.title')}</Title>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <div>
            <Text size="sm">{t('fo.receipt.number')}</Text>
            <Text fw={700} size="xl" data-testid="receipt-number" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {c.receiptNumber}
            </Text>
          </div>
          <div>
            <Text size="sm">{t('fo.receipt.tracking')}</Text>
            <Text fw={700} size="xl" data-testid="tracking-code" style={{ letterSpacing: 2 }}>
              {c.trackingCode}
            </Text>
          </div>
          <div>
            <Text size="sm">{t('fo.receipt.registered')}</Text>
            <Text>{formatDateTime(c.registeredAt)}</Text>
          </div>
          <div>
            <Text size="sm">{t('fo.receipt.next')}</Text>
            <Group gap="xs">
              <ComplaintStatusBadge status={c.status} />
              <RegistryCheckBadge check={c.registryCheck} />
            </Group>
            <Text size="sm" mt={4}>
              {tOr(nextKey)}
            </Text>
          </div>
        </SimpleGrid>
      </Paper>

      {(c.warnings.length > 0 || c.possibleDuplicateOf) && (
        <Alert
          color="orange"
          title={t('fo.receipt.warnings')}
          styles={{ title: { color: 'var(--mantine-color-dark-9)' } }}
        >
          <Text size="sm" mb="xs">
            {t('fo.receipt.warningsText')}
          </Text>
          <List size="sm">
            {c.warnings.map((w) => (
              <List.Item key={`${w.field}-${w.code}`}>{w.message}</List.Item>
            ))}
            {c.possibleDuplicateOf && <List.Item>{t('fo.receipt.duplicate')}</List.Item>}
          </List>
        </Alert>
      )}

      <PrintPanel complaintId={c.complaintId} needsLetter={needsLetter} />

      <AttachmentsPanel complaintId={c.complaintId} pending={pending} />

      <Group>
        <Button component={Link} href="/keluhan/baru" variant="default">
          {t('fo.receipt.new')}
        </Button>
        <Button component={Link} href={`/keluhan/${c.complaintId}`} variant="subtle">
          {t('fo.receipt.detail')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Print the receipt (A4, A5, 80 mm thermal) and, when needed, the letter to Disdukcapil. */
export function PrintPanel({ complaintId, needsLetter }: { complaintId: string; needsLetter: boolean }) {
  const api = useApi();
  const [layout, setLayout] = useState<Layout>(savedLayout);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);

  async function run(what: 'print' | 'tab' | 'letter') {
    setBusy(what);
    setError(null);
    setDone(false);
    try {
      const blob = await fetchPdf(
        api,
        what === 'letter' ? { kind: 'letter', id: complaintId } : { kind: 'receipt', id: complaintId, layout },
      );
      if (what === 'tab') openBlob(blob);
      else printBlob(blob, what === 'letter' ? t('fo.receipt.letter') : t('fo.receipt.print'));
      setDone(true);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="print-title">
      <Title order={3} size="h4" id="print-title" mb="sm">
        {t('common.print')}
      </Title>
      <Stack gap="sm">
        <ProblemAlert error={error} />
        <div>
          <Text size="sm" fw={500} id="layout-label" mb={4}>
            {t('fo.receipt.layout')}
          </Text>
          <SegmentedControl
            aria-labelledby="layout-label"
            value={layout}
            onChange={(v) => {
              setLayout(v as Layout);
              try {
                localStorage.setItem(LAYOUT_KEY, v);
              } catch {
                /* not kept */
              }
            }}
            data={(['a4', 'a5', 'thermal-80'] as const).map((l) => ({ value: l, label: t(`fo.receipt.layout.${l}`) }))}
          />
        </div>
        <Group>
          <Button onClick={() => void run('print')} loading={busy === 'print'}>
            {t('fo.receipt.print')}
          </Button>
          <Button variant="default" onClick={() => void run('tab')} loading={busy === 'tab'}>
            {t('fo.receipt.openTab')}
          </Button>
        </Group>
        {needsLetter && (
          <Alert color="grape" variant="light">
            <Text size="sm" mb="xs">
              {t('fo.receipt.letterText')}
            </Text>
            <Button variant="default" onClick={() => void run('letter')} loading={busy === 'letter'}>
              {t('fo.receipt.letter')}
            </Button>
          </Alert>
        )}
        {done && (
          <Text size="sm" role="status">
            {t('fo.receipt.printed')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
