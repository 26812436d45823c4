import { Alert, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ComplaintInput, QueuedItem } from '../store/queue';
import { CATEGORY_LABEL, CONTACT_LABEL, SECTOR_LABEL, STATE_LABEL, fieldLabel, when } from '../labels';

interface Props {
  item: QueuedItem;
  onEdit: () => void;
  onResolve: (choice: 'mine' | 'server') => void;
  onBack: () => void;
}

/** The citizen's receipt text (to share by SMS/WhatsApp or print). */
export function receiptText(item: QueuedItem): string {
  const lines = [
    'SLRT — Tanda terima keluhan',
    `Nomor sementara: ${item.box.localNumber}`,
    `Kode lacak: ${item.box.trackingCode}`,
    ...(item.box.result?.receiptNumber ? [`Nomor resmi: ${item.box.result.receiptNumber}`] : []),
    `Dicatat: ${when(item.box.recordedAt)}`,
    `Cek status di ${window.location.origin}/status dengan nomor dan kode lacak di atas.`,
  ];
  return lines.join('\n');
}

const rows = (i: ComplaintInput): Array<[string, string]> => [
  ['Nama', i.subject.name],
  ['NIK', i.subject.nik ?? '—'],
  ['Nomor KK', i.subject.noKk ?? '—'],
  ['Telepon', i.subject.phone ?? '—'],
  ['Desa/kelurahan', i.subject.address.desaCode],
  [
    'Alamat',
    [
      i.subject.address.street,
      i.subject.address.rt && `RT ${i.subject.address.rt}`,
      i.subject.address.rw && `RW ${i.subject.address.rw}`,
    ]
      .filter(Boolean)
      .join(', ') || '—',
  ],
  ['Jenis', CONTACT_LABEL[i.complaint.contactType] ?? i.complaint.contactType],
  ['Kategori', CATEGORY_LABEL[i.complaint.category] ?? i.complaint.category],
  ['Sektor', SECTOR_LABEL[i.complaint.sector] ?? i.complaint.sector],
  ['Program', i.complaint.programmeCodes.join(', ') || '—'],
  ['Uraian', i.complaint.description],
];

/** One complaint on the phone: the receipt for the citizen, the server's answer, and a conflict to resolve. */
export function ItemScreen({ item, onEdit, onResolve, onBack }: Props) {
  const state = STATE_LABEL[item.row.state];
  const result = item.box.result;
  const server = item.box.server as { input: ComplaintInput; version: number } | undefined;
  const share = async () => {
    const text = receiptText(item);
    if (navigator.share) await navigator.share({ title: 'Tanda terima SLRT', text }).catch(() => undefined);
    else await navigator.clipboard?.writeText(text).catch(() => undefined);
  };
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          Tanda terima
        </Title>
        <Badge color={state.color} variant="light" size="lg">
          {state.text}
        </Badge>
      </Group>
      <Card withBorder padding="md" className="receipt">
        <Text size="sm">Nomor sementara</Text>
        <Text fz={32} fw={800} lh={1.1} data-testid="nomor-sementara" style={{ wordBreak: 'break-all' }}>
          {item.box.localNumber}
        </Text>
        <Text size="sm" mt="sm">
          Kode lacak
        </Text>
        <Text fz={32} fw={800} lh={1.1} ff="monospace" data-testid="kode-lacak">
          {item.box.trackingCode}
        </Text>
        {result?.receiptNumber && (
          <>
            <Text size="sm" mt="sm">
              Nomor resmi
            </Text>
            <Text fz={26} fw={800} data-testid="nomor-resmi">
              {result.receiptNumber}
            </Text>
          </>
        )}
        <Text size="sm" mt="sm">
          {item.box.input.subject.name} · dicatat {when(item.box.recordedAt)}
        </Text>
      </Card>
      <Group grow className="no-print">
        <Button variant="light" onClick={() => void share()}>
          Bagikan
        </Button>
        <Button variant="light" onClick={() => window.print()}>
          Cetak
        </Button>
      </Group>
      {item.photos.length > 0 && (
        <Text>
          {item.photos.length} foto · {item.photos.filter((p) => p.state === 'uploaded').length} terkirim
        </Text>
      )}
      {item.row.state === 'rejected' && result && (
        <Alert color="red" title="Ditolak server" role="alert">
          <Text size="sm">{result.detail}</Text>
          <ul>
            {result.fieldErrors.map((f) => (
              <li key={f.field}>
                {fieldLabel(f.field)}: {f.messages.join('; ')}
              </li>
            ))}
          </ul>
          <Text size="sm">Perbaiki lalu simpan: keluhan dikirim lagi pada sinkronisasi berikutnya.</Text>
        </Alert>
      )}
      {item.row.state === 'conflict' && (
        <Stack gap="sm">
          <Alert color="orange" title="Konflik: keluhan ini sudah diubah di server">
            {result?.detail}
          </Alert>
          {server ? (
            <Table withTableBorder withColumnBorders layout="fixed" aria-label="Perbandingan versi">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Bagian</Table.Th>
                  <Table.Th scope="col">Versi saya</Table.Th>
                  <Table.Th scope="col">Versi server (v{server.version})</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows(item.box.input).map(([label, mine], i) => {
                  const theirs = rows(server.input)[i]![1];
                  // The server stores phones as +62…: 0812… and +62812… are the same number.
                  const same = (v: string) => v.replace(/^0(?=8)/, '+62');
                  const differs = same(mine) !== same(theirs);
                  return (
                    <Table.Tr key={label} fw={differs ? 700 : undefined}>
                      <Table.Th scope="row">
                        {label}
                        {differs ? ' (beda)' : ''}
                      </Table.Th>
                      <Table.Td style={{ wordBreak: 'break-word' }}>{mine}</Table.Td>
                      <Table.Td style={{ wordBreak: 'break-word' }}>{theirs}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          ) : (
            <Text>Versi server belum bisa dimuat. Sinkronkan lagi saat ada sinyal.</Text>
          )}
          <Button onClick={() => onResolve('mine')} fullWidth>
            Pakai versi saya
          </Button>
          <Button variant="outline" onClick={() => onResolve('server')} disabled={!server} fullWidth>
            Pakai versi server
          </Button>
        </Stack>
      )}
      {item.row.state !== 'conflict' && (
        <Button variant="outline" onClick={onEdit} fullWidth>
          Ubah keluhan
        </Button>
      )}
      <Button variant="subtle" onClick={onBack} fullWidth>
        Kembali
      </Button>
    </Stack>
  );
}
