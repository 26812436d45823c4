/* eslint-disable max-lines -- the registration form: the complaint's fields, its two person sections and attachments bound to one draft */
import { useRef } from 'react';
import {
  ActionIcon,
  Checkbox,
  Fieldset,
  Group,
  List,
  MultiSelect,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { t } from '../../i18n';
import pick from './FilePick.module.css';
import {
  CATEGORIES,
  CHANNELS,
  CONTACT_TYPES,
  DOCUMENTS,
  RELATIONSHIPS,
  SCHOOL_TYPES,
  SECTORS,
  idDigits,
  type ComplaintDraft,
  type PersonDraft,
} from './model';
import { DesaSelect, useProgrammes } from './ui';

interface Props {
  draft: ComplaintDraft;
  onChange: (next: ComplaintDraft) => void;
  /** API field errors by path (`subject.nik`). */
  errors: Record<string, string>;
  /** Files to attach (registration only). */
  files?: File[];
  onFiles?: (files: File[]) => void;
}

/**
 * The complaint's fields, as the registration and the correction share them. Every input's id is
 * `field-<API path>` so the API's field errors sit beside it and the summary links to it.
 */
export function ComplaintForm({ draft, onChange, errors, files, onFiles }: Props) {
  const programmes = useProgrammes();
  const set = <K extends keyof ComplaintDraft>(key: K, value: ComplaintDraft[K]) =>
    onChange({ ...draft, [key]: value });
  const programmeOptions = (programmes.data?.items ?? [])
    .filter((p) => p.active || draft.programmeCodes.includes(p.code))
    .map((p) => ({ value: p.code, label: `${p.code} — ${p.name}` }));
  for (const code of draft.programmeCodes)
    if (!programmeOptions.some((o) => o.value === code)) programmeOptions.push({ value: code, label: code });

  return (
    <Stack gap="md">
      <Fieldset legend={t('fo.form.section.intake')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            id="field-channel"
            label={t('fo.form.channel')}
            data={CHANNELS.map((c) => ({ value: c, label: t(`fo.channel.${c}`) }))}
            value={draft.channel}
            onChange={(v) => v && set('channel', v as ComplaintDraft['channel'])}
            allowDeselect={false}
            error={errors.channel}
            required
          />
          <TextInput
            id="field-place"
            label={t('fo.form.place')}
            placeholder={t('fo.form.placeHint')}
            value={draft.place}
            onChange={(e) => set('place', e.currentTarget.value)}
            error={errors.place}
          />
        </SimpleGrid>
      </Fieldset>

      <Fieldset legend={t('fo.form.section.subject')}>
        <PersonFields path="subject" person={draft.subject} onChange={(p) => set('subject', p)} errors={errors} full />
      </Fieldset>

      <Fieldset legend={t('fo.form.section.complainant')}>
        <Stack gap="sm">
          <Checkbox
            id="field-byOther"
            label={t('fo.form.byOther')}
            checked={draft.byOther}
            onChange={(e) => set('byOther', e.currentTarget.checked)}
          />
          {draft.byOther && (
            <>
              <Select
                id="field-relationship"
                label={t('fo.form.relationship')}
                data={RELATIONSHIPS.map((r) => ({ value: r, label: t(`fo.relationship.${r}`) }))}
                value={draft.relationship}
                onChange={(v) => v && set('relationship', v as ComplaintDraft['relationship'])}
                allowDeselect={false}
                error={errors.relationship}
                required
              />
              <PersonFields
                path="complainant"
                person={draft.complainant}
                onChange={(p) => set('complainant', p)}
                errors={errors}
              />
              <Checkbox
                id="field-anonymous"
                label={t('fo.form.anonymous')}
                checked={draft.anonymous}
                onChange={(e) => set('anonymous', e.currentTarget.checked)}
              />
            </>
          )}
          <Checkbox
            id="field-confidential"
            label={t('fo.form.confidential')}
            checked={draft.confidential}
            onChange={(e) => set('confidential', e.currentTarget.checked)}
          />
        </Stack>
      </Fieldset>

      <Fieldset legend={t('fo.form.section.complaint')}>
        <Stack gap="sm">
          <Radio.Group
            id="field-complaint.category"
            label={t('fo.form.category')}
            value={draft.category}
            onChange={(v) => set('category', v as ComplaintDraft['category'])}
            error={errors['complaint.category']}
            required
          >
            <Stack gap={6} mt={6}>
              {CATEGORIES.map((c) => (
                <Radio key={c} value={c} label={t(`fo.category.${c}`)} />
              ))}
            </Stack>
          </Radio.Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              id="field-complaint.contactType"
              label={t('fo.form.contactType')}
              data={CONTACT_TYPES.map((c) => ({ value: c, label: t(`fo.contactType.${c}`) }))}
              value={draft.contactType}
              onChange={(v) => v && set('contactType', v as ComplaintDraft['contactType'])}
              allowDeselect={false}
              error={errors['complaint.contactType']}
              required
            />
            <Select
              id="field-complaint.sector"
              label={t('fo.form.sector')}
              data={SECTORS.map((s) => ({ value: s, label: t(`fo.sector.${s}`) }))}
              value={draft.sector}
              onChange={(v) => v && set('sector', v as ComplaintDraft['sector'])}
              allowDeselect={false}
              error={errors['complaint.sector']}
              required
            />
          </SimpleGrid>
          <MultiSelect
            id="field-complaint.programmeCodes"
            label={t('fo.form.programmes')}
            data={programmeOptions}
            value={draft.programmeCodes}
            onChange={(v) => set('programmeCodes', v)}
            searchable
            error={
              errors['complaint.programmeCodes'] ??
              Object.entries(errors).find(([k]) => k.startsWith('complaint.programmeCodes.'))?.[1]
            }
            description={programmes.isError ? t('fo.form.programmesNone') : undefined}
          />
          {draft.programmeCodes.includes('PIP') && (
            <Select
              id="field-complaint.attributes.schoolType"
              label={t('fo.form.schoolType')}
              data={[
                { value: '', label: t('fo.form.schoolType.none') },
                ...SCHOOL_TYPES.map((s) => ({ value: s, label: s })),
              ]}
              value={draft.schoolType}
              onChange={(v) => set('schoolType', (v ?? '') as ComplaintDraft['schoolType'])}
              error={errors['complaint.attributes.schoolType']}
            />
          )}
          <Checkbox.Group
            id="field-complaint.documentsReceived"
            label={t('fo.form.documents')}
            value={draft.documentsReceived}
            onChange={(v) => set('documentsReceived', v as ComplaintDraft['documentsReceived'])}
            error={errors['complaint.documentsReceived']}
          >
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} mt={6} spacing={6}>
              {DOCUMENTS.map((d) => (
                <Checkbox key={d} value={d} label={t(`fo.doc.${d}`)} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <Textarea
            id="field-complaint.description"
            label={t('fo.form.description')}
            description={t('fo.form.descriptionHint')}
            autosize
            minRows={4}
            maxRows={12}
            maxLength={4000}
            value={draft.description}
            onChange={(e) => set('description', e.currentTarget.value)}
            error={errors['complaint.description']}
            required
          />
        </Stack>
      </Fieldset>

      {files && onFiles && <AttachmentPicker files={files} onFiles={onFiles} />}
    </Stack>
  );
}

function PersonFields({
  path,
  person,
  onChange,
  errors,
  full = false,
}: {
  path: 'subject' | 'complainant';
  person: PersonDraft;
  onChange: (p: PersonDraft) => void;
  errors: Record<string, string>;
  full?: boolean;
}) {
  const set = <K extends keyof PersonDraft>(key: K, value: PersonDraft[K]) => onChange({ ...person, [key]: value });
  const id = (f: string) => `field-${path}.${f}`;
  const err = (f: string) => errors[`${path}.${f}`];
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          id={id('nik')}
          label={t('fo.form.nik')}
          description={full ? t('fo.form.nikHint') : undefined}
          inputMode="numeric"
          autoComplete="off"
          value={person.nik}
          onChange={(e) => set('nik', idDigits(e.currentTarget.value))}
          error={err('nik')}
        />
        {full && (
          <TextInput
            id={id('noKk')}
            label={t('fo.form.noKk')}
            inputMode="numeric"
            autoComplete="off"
            value={person.noKk}
            onChange={(e) => set('noKk', idDigits(e.currentTarget.value))}
            error={err('noKk')}
          />
        )}
        <TextInput
          id={id('name')}
          label={t('fo.form.name')}
          autoComplete="off"
          value={person.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={err('name')}
          required
        />
        {full && (
          <TextInput
            id={id('birthDate')}
            type="date"
            label={t('fo.form.birthDate')}
            value={person.birthDate}
            onChange={(e) => set('birthDate', e.currentTarget.value)}
            error={err('birthDate')}
          />
        )}
        {full && (
          <TextInput
            id={id('birthPlace')}
            label={t('fo.form.birthPlace')}
            autoComplete="off"
            value={person.birthPlace}
            onChange={(e) => set('birthPlace', e.currentTarget.value)}
            error={err('birthPlace')}
          />
        )}
        {full && (
          <Select
            id={id('sex')}
            label={t('fo.form.sex')}
            data={[
              { value: '', label: t('fo.form.sex.none') },
              { value: 'F', label: t('fo.form.sex.F') },
              { value: 'M', label: t('fo.form.sex.M') },
            ]}
            value={person.sex}
            onChange={(v) => set('sex', (v ?? '') as PersonDraft['sex'])}
            allowDeselect={false}
            error={err('sex')}
          />
        )}
        <TextInput
          id={id('phone')}
          label={t('fo.form.phone')}
          type="tel"
          autoComplete="off"
          value={person.phone}
          onChange={(e) => set('phone', e.currentTarget.value)}
          error={err('phone')}
        />
      </SimpleGrid>
      <TextInput
        id={id('address.street')}
        label={t('fo.form.street')}
        autoComplete="off"
        value={person.street}
        onChange={(e) => set('street', e.currentTarget.value)}
        error={err('address.street')}
      />
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <TextInput
          id={id('address.rt')}
          label={t('fo.form.rt')}
          inputMode="numeric"
          maxLength={3}
          value={person.rt}
          onChange={(e) => set('rt', e.currentTarget.value.replace(/\D/g, ''))}
          error={err('address.rt')}
        />
        <TextInput
          id={id('address.rw')}
          label={t('fo.form.rw')}
          inputMode="numeric"
          maxLength={3}
          value={person.rw}
          onChange={(e) => set('rw', e.currentTarget.value.replace(/\D/g, ''))}
          error={err('address.rw')}
        />
      </SimpleGrid>
      <DesaSelect
        id={id('address.desaCode')}
        label={t('fo.form.desa')}
        value={person.desaCode}
        onChange={(v) => set('desaCode', v)}
        error={err('address.desaCode')}
        required
      />
      <Checkbox
        id={id('consent')}
        label={t('fo.form.consent')}
        checked={person.consent}
        onChange={(e) => set('consent', e.currentTarget.checked)}
        error={err('consent')}
      />
    </Stack>
  );
}

/** Photos from the phone's camera or files; uploaded once the complaint exists. */
function AttachmentPicker({ files, onFiles }: { files: File[]; onFiles: (f: File[]) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <Fieldset legend={t('fo.form.section.attachments')}>
      <Stack gap="xs">
        <Text size="sm" id="attach-hint">
          {t('fo.form.attachHint')}
        </Text>
        <div>
          {' '}
          <input
            ref={input}
            id="field-attachments"
            type="file"
            accept="image/*,application/pdf"
            capture="environment"
            multiple
            aria-describedby="attach-hint"
            className={pick.input}
            onChange={(e) => {
              const chosen = Array.from(e.currentTarget.files ?? []);
              onFiles([...files, ...chosen]);
              if (input.current) input.current.value = '';
            }}
          />
          <label htmlFor="field-attachments" className={pick.label}>
            {t('fo.form.attach')}
          </label>
        </div>
        {files.length > 0 && (
          <List size="sm" spacing={4}>
            {files.map((f, i) => (
              <List.Item key={`${f.name}-${i}`}>
                <Group gap="xs" wrap="nowrap">
                  <span>
                    {f.name} ({Math.ceil(f.size / 1024)} KB)
                  </span>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="sm"
                    aria-label={t('fo.form.attachRemove', { name: f.name })}
                    onClick={() => onFiles(files.filter((_, j) => j !== i))}
                  >
                    ×
                  </ActionIcon>
                </Group>
              </List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Fieldset>
  );
}
