/* eslint-disable max-lines -- one screen: the Fasilitator's record form and its offline checks share one draft */
import { useState, type FormEvent } from 'react';
import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Chip,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import {
  CATEGORIES,
  CONTACT_TYPES,
  DOCUMENTS,
  SECTORS,
  emptyDraft,
  toInput,
  type ComplaintDraft,
  type PersonDraft,
} from '../../pages/front-office/model';
import type { Bundle } from '../store/bundle';
import type { ComplaintInput } from '../store/queue';
import { CATEGORY_LABEL, CONTACT_LABEL, DOCUMENT_LABEL, SECTOR_LABEL, fieldLabel } from '../labels';

type Errors = Record<string, string>;

/** The server's own messages (the contract's) where the phone can check the same thing. */
export function validate(d: ComplaintDraft): Errors {
  const e: Errors = {};
  const s = d.subject;
  if (!s.name.trim()) e['subject.name'] = 'Nama wajib diisi';
  else if (s.name.trim().length < 2) e['subject.name'] = 'Nama paling sedikit 2 huruf';
  if (s.nik && !/^\d{16}$/.test(s.nik.trim())) e['subject.nik'] = 'NIK harus 16 angka';
  if (s.noKk && !/^\d{16}$/.test(s.noKk.trim())) e['subject.noKk'] = 'Nomor KK harus 16 angka';
  if (s.rt && !/^\d{1,3}$/.test(s.rt.trim())) e['subject.address.rt'] = 'RT diisi 1–3 angka';
  if (s.rw && !/^\d{1,3}$/.test(s.rw.trim())) e['subject.address.rw'] = 'RW diisi 1–3 angka';
  if (!s.desaCode) e['subject.address.desaCode'] = 'Pilih desa/kelurahan';
  if (s.phone.length > 30) e['subject.phone'] = 'Nomor telepon terlalu panjang';
  if (!s.consent) e['subject.consent'] = 'Persetujuan pengolahan data pribadi diperlukan sebelum data disimpan.';
  if (d.contactType === 'pengaduan' && d.programmeCodes.length === 0)
    e['complaint.programmeCodes'] = 'Pengaduan harus menyebut paling sedikit satu program.';
  const desc = d.description.trim();
  if (desc.length < 10) e['complaint.description'] = 'Uraian keluhan paling sedikit 10 karakter';
  else if (desc.length > 4000) e['complaint.description'] = 'Uraian keluhan paling panjang 4000 karakter';
  return e;
}

/** A queued complaint back into the form (an edit on the phone). */
export function draftFromInput(input: ComplaintInput): ComplaintDraft {
  const base = emptyDraft('FASILITATOR_VISIT');
  const s = input.subject;
  const subject: PersonDraft = {
    ...base.subject,
    nik: s.nik ?? '',
    noKk: s.noKk ?? '',
    name: s.name,
    sex: s.sex ?? '',
    street: s.address.street ?? '',
    rt: s.address.rt ?? '',
    rw: s.address.rw ?? '',
    desaCode: s.address.desaCode,
    phone: s.phone ?? '',
    consent: s.consent,
  };
  const c = input.complaint;
  return {
    ...base,
    place: input.place ?? '',
    subject,
    category: c.category,
    contactType: c.contactType,
    programmeCodes: c.programmeCodes,
    sector: c.sector,
    documentsReceived: c.documentsReceived,
    description: c.description,
  };
}

interface Props {
  bundle: Bundle | undefined;
  initial?: ComplaintInput;
  /** Refusals of the server for this item (shown beside the fields). */
  serverErrors?: Errors;
  onSave: (input: ComplaintInput, photos: File[]) => Promise<void>;
  onCancel: () => void;
}

export function RecordScreen({ bundle, initial, serverErrors = {}, onSave, onCancel }: Props) {
  const [d, setD] = useState<ComplaintDraft>(() =>
    initial
      ? draftFromInput(initial)
      : {
          ...emptyDraft('FASILITATOR_VISIT'),
          subject: { ...emptyDraft().subject, desaCode: bundle?.desa.length === 1 ? bundle.desa[0]!.code : '' },
        },
  );
  const [photos, setPhotos] = useState<File[]>([]);
  const [errors, setErrors] = useState<Errors>(serverErrors);
  const [busy, setBusy] = useState(false);
  const setS = (patch: Partial<PersonDraft>) => setD((x) => ({ ...x, subject: { ...x.subject, ...patch } }));
  const err = (path: string) => errors[path];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validate(d);
    setErrors(found);
    if (Object.keys(found).length) {
      requestAnimationFrame(() => document.getElementById('ringkasan-galat')?.focus());
      return;
    }
    setBusy(true);
    try {
      await onSave(toInput({ ...d, channel: 'FASILITATOR_VISIT' }), photos);
    } finally {
      setBusy(false);
    }
  };

  const regions = (bundle?.desa ?? []).map((r) => ({ value: r.code, label: `${r.name} (${r.kecamatanName})` }));
  if (d.subject.desaCode && !regions.some((r) => r.value === d.subject.desaCode))
    regions.push({ value: d.subject.desaCode, label: d.subject.desaCode });

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        <Title order={1} size="h2">
          {initial ? 'Ubah keluhan' : 'Catat keluhan'}
        </Title>
        {Object.keys(errors).length > 0 && (
          <Alert color="red" title="Periksa isian berikut" id="ringkasan-galat" tabIndex={-1}>
            <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
              {Object.entries(errors).map(([path, message]) => (
                <li key={path}>
                  <Anchor href={`#f-${path.replace(/\./g, '-')}`}>{fieldLabel(path)}</Anchor>: {message}
                </li>
              ))}
            </ul>
          </Alert>
        )}
        <TextInput
          id="f-subject-name"
          label="Nama warga"
          value={d.subject.name}
          onChange={(e) => setS({ name: e.currentTarget.value })}
          error={err('subject.name')}
          autoComplete="off"
          required
        />
        <TextInput
          id="f-subject-nik"
          label="NIK (bila ada)"
          inputMode="numeric"
          maxLength={16}
          value={d.subject.nik}
          onChange={(e) => setS({ nik: e.currentTarget.value.replace(/\D/g, '') })}
          error={err('subject.nik')}
          autoComplete="off"
        />
        <TextInput
          id="f-subject-noKk"
          label="Nomor KK (bila ada)"
          inputMode="numeric"
          maxLength={16}
          value={d.subject.noKk}
          onChange={(e) => setS({ noKk: e.currentTarget.value.replace(/\D/g, '') })}
          error={err('subject.noKk')}
          autoComplete="off"
        />
        <Select
          label="Jenis kelamin"
          data={[
            { value: 'F', label: 'Perempuan' },
            { value: 'M', label: 'Laki-laki' },
          ]}
          value={d.subject.sex || null}
          onChange={(v) => setS({ sex: (v ?? '') as PersonDraft['sex'] })}
          clearable
        />
        <TextInput
          id="f-subject-phone"
          label="Nomor telepon (bila ada)"
          type="tel"
          inputMode="tel"
          value={d.subject.phone}
          onChange={(e) => setS({ phone: e.currentTarget.value })}
          error={err('subject.phone')}
          autoComplete="off"
        />
        <Select
          id="f-subject-address-desaCode"
          label="Desa/kelurahan"
          data={regions}
          value={d.subject.desaCode || null}
          onChange={(v) => setS({ desaCode: v ?? '' })}
          error={err('subject.address.desaCode')}
          searchable
          required
          nothingFoundMessage="Tidak ada desa yang cocok"
        />
        <TextInput
          id="f-subject-street"
          label="Alamat (jalan, dusun)"
          value={d.subject.street}
          onChange={(e) => setS({ street: e.currentTarget.value })}
          autoComplete="off"
        />
        <Group grow>
          <TextInput
            id="f-subject-address-rt"
            label="RT"
            inputMode="numeric"
            maxLength={3}
            value={d.subject.rt}
            onChange={(e) => setS({ rt: e.currentTarget.value })}
            error={err('subject.address.rt')}
          />
          <TextInput
            id="f-subject-address-rw"
            label="RW"
            inputMode="numeric"
            maxLength={3}
            value={d.subject.rw}
            onChange={(e) => setS({ rw: e.currentTarget.value })}
            error={err('subject.address.rw')}
          />
        </Group>
        <Select
          label="Jenis"
          data={CONTACT_TYPES.map((v) => ({ value: v, label: CONTACT_LABEL[v] ?? v }))}
          value={d.contactType}
          onChange={(v) => v && setD((x) => ({ ...x, contactType: v as ComplaintDraft['contactType'] }))}
          allowDeselect={false}
        />
        <Select
          label="Kategori"
          data={CATEGORIES.map((v) => ({ value: v, label: CATEGORY_LABEL[v] ?? v }))}
          value={d.category}
          onChange={(v) => v && setD((x) => ({ ...x, category: v as ComplaintDraft['category'] }))}
          allowDeselect={false}
        />
        <Select
          label="Sektor"
          data={SECTORS.map((v) => ({ value: v, label: SECTOR_LABEL[v] ?? v }))}
          value={d.sector}
          onChange={(v) => v && setD((x) => ({ ...x, sector: v as ComplaintDraft['sector'] }))}
          allowDeselect={false}
        />
        {bundle && bundle.programmes.some((p) => p.active) && (
          <div role="group" aria-labelledby="label-program" id="f-complaint-programmeCodes" tabIndex={-1}>
            <Text id="label-program" fw={500} mb={4}>
              Program yang dikeluhkan
            </Text>
            <Chip.Group multiple value={d.programmeCodes} onChange={(v) => setD((x) => ({ ...x, programmeCodes: v }))}>
              <Group gap="xs">
                {bundle.programmes
                  .filter((p) => p.active)
                  .map((p) => (
                    <Chip key={p.code} value={p.code} size="md">
                      {p.code}
                    </Chip>
                  ))}
              </Group>
            </Chip.Group>
            {err('complaint.programmeCodes') && (
              <Text size="sm" c="red.9" mt={4}>
                {err('complaint.programmeCodes')}
              </Text>
            )}
          </div>
        )}
        <Textarea
          id="f-complaint-description"
          label="Uraian keluhan"
          autosize
          minRows={3}
          value={d.description}
          onChange={(e) => {
            const description = e.currentTarget.value;
            setD((x) => ({ ...x, description }));
          }}
          error={err('complaint.description')}
          required
        />
        <div role="group" aria-labelledby="label-dokumen">
          <Text id="label-dokumen" fw={500} mb={4}>
            Dokumen yang dilihat
          </Text>
          <Chip.Group
            multiple
            value={d.documentsReceived}
            onChange={(v) => setD((x) => ({ ...x, documentsReceived: v as ComplaintDraft['documentsReceived'] }))}
          >
            <Group gap="xs">
              {DOCUMENTS.map((k) => (
                <Chip key={k} value={k} size="md">
                  {DOCUMENT_LABEL[k] ?? k}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </div>
        {!initial && (
          <div>
            <label htmlFor="f-foto" style={{ fontWeight: 500, display: 'block', marginBottom: 4 }}>
              Foto (rumah, dokumen)
            </label>
            <input
              id="f-foto"
              type="file"
              accept="image/*"
              capture="environment"
              multiple
              onChange={(e) => setPhotos([...(e.currentTarget.files ?? [])])}
              style={{ minHeight: 44 }}
            />
            {photos.length > 0 && (
              <Text size="sm">{photos.length} foto dipilih (dikecilkan di ponsel sebelum disimpan)</Text>
            )}
          </div>
        )}
        <Checkbox
          id="f-subject-consent"
          size="md"
          label="Warga setuju datanya diolah untuk layanan SLRT"
          checked={d.subject.consent}
          onChange={(e) => setS({ consent: e.currentTarget.checked })}
          error={err('subject.consent')}
        />
        <Button type="submit" size="lg" loading={busy} fullWidth>
          Simpan keluhan
        </Button>
        <Button variant="subtle" onClick={onCancel} fullWidth>
          Batal
        </Button>
      </Stack>
    </form>
  );
}
