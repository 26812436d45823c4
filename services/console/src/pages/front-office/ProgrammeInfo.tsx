import { useEffect, useState } from 'react';
import {
  Badge,
  Center,
  Group,
  List,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatNumber } from '../../format';
import { t } from '../../i18n';

const SECTORS = [
  'kesehatan',
  'pendidikan',
  'sosial-ekonomi',
  'pangan',
  'energi',
  'pertanian',
  'perikanan',
  'perumahan',
  'adminduk',
] as const;

/** The search text, settled for a moment before it is sent (the FO types while the citizen talks). */
function useSettled(value: string, ms = 300): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return settled;
}

/** Informasi program: the catalogue searched during the conversation (what it gives, who may receive it, documents, how to apply). */
export default function ProgrammeInfoPage() {
  const api = useApi();
  const [q, setQ] = useState('');
  const [sector, setSector] = useState('');
  const search = useSettled(q.trim());
  const list = useQuery({
    queryKey: ['programmes', 'info', search, sector],
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/programmes', {
          params: { query: { ...(search ? { q: search } : {}), ...(sector ? { sector } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });

  return (
    <Stack maw={1000}>
      <Title order={2}>{t('fo.programmeInfo.title')}</Title>
      <Text>{t('fo.programmeInfo.intro')}</Text>
      <Paper withBorder p="md" component="section" role="search" aria-label={t('fo.programmeInfo.search')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            id="programme-q"
            type="search"
            label={t('fo.programmeInfo.search')}
            description={t('fo.programmeInfo.searchHint')}
            value={q}
            maxLength={100}
            onChange={(e) => setQ(e.currentTarget.value)}
          />
          <Select
            id="programme-sector"
            label={t('fo.programmeInfo.sector')}
            data={[
              { value: '', label: t('fo.programmeInfo.allSectors') },
              ...SECTORS.map((s) => ({ value: s, label: t(`fo.sector.${s}`) })),
            ]}
            value={sector}
            onChange={(v) => setSector(v ?? '')}
            allowDeselect={false}
          />
        </SimpleGrid>
      </Paper>
      <ProblemAlert error={list.error} />
      {list.isLoading && (
        <Center p="md">
          <Loader aria-label={t('app.loading')} />
        </Center>
      )}
      {list.data && (
        <>
          <Text size="sm" role="status">
            {t('common.total', { count: formatNumber(list.data.items.length) })}
          </Text>
          {list.data.items.length === 0 && <Text>{t('fo.programmeInfo.empty')}</Text>}
          {list.data.items.map((p) => (
            <Paper key={p.code} withBorder p="md" component="article" aria-labelledby={`programme-${p.code}`}>
              <Title order={3} id={`programme-${p.code}`} size="h4">
                {p.name}{' '}
                <Text span c="dimmed" size="sm">
                  ({[p.code, ...p.aliases].join(', ')})
                </Text>
              </Title>
              <Group gap="xs" mt={4} mb="sm">
                <Badge variant="light">{t(`fo.sector.${p.sector}`)}</Badge>
                <Badge variant="outline">{t(`fo.programmeInfo.${p.scope}`)}</Badge>
                <Badge variant="outline" color={p.publicInfo ? 'teal.9' : 'gray.8'}>
                  {t(p.publicInfo ? 'fo.programmeInfo.public' : 'fo.programmeInfo.notPublic')}
                </Badge>
              </Group>
              {!p.description && !p.eligibility && !p.howToApply && p.documentsNeeded.length === 0 ? (
                <Text c="dimmed">{t('fo.programmeInfo.noInfo')}</Text>
              ) : (
                <dl style={{ margin: 0 }}>
                  <Info label={t('fo.programmeInfo.description')} text={p.description} />
                  <Info label={t('fo.programmeInfo.eligibility')} text={p.eligibility} />
                  {p.documentsNeeded.length > 0 && (
                    <>
                      <Text component="dt" fw={700} mt="xs">
                        {t('fo.programmeInfo.documents')}
                      </Text>
                      <dd style={{ margin: 0 }}>
                        <List size="sm">
                          {p.documentsNeeded.map((d) => (
                            <List.Item key={d}>{d}</List.Item>
                          ))}
                        </List>
                      </dd>
                    </>
                  )}
                  <Info label={t('fo.programmeInfo.howToApply')} text={p.howToApply} />
                </dl>
              )}
            </Paper>
          ))}
          <Text size="sm" c="dimmed">
            {t('fo.programmeInfo.publicPage')}
          </Text>
        </>
      )}
    </Stack>
  );
}

function Info({ label, text }: { label: string; text: string }) {
  if (!text) return null;
  return (
    <>
      <Text component="dt" fw={700} mt="xs">
        {label}
      </Text>
      <Text component="dd" m={0}>
        {text}
      </Text>
    </>
  );
}
