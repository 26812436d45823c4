// A household from the registry as the FO sees it on the lookup page: members (masked), who matched, and what can be done for each.
import { Badge, Button, Group, Paper, Table, Text } from '@mantine/core';
import type { Schemas } from '@slrt/api-client';
import { formatDate } from '../../format';
import { t } from '../../i18n';

type Member = Schemas['RegistryMemberV1'];
type Household = Schemas['RegistryHouseholdV1'];

export function HouseholdCard({
  household: h,
  matched,
  searchedNik,
  onRegister,
  onHistory,
}: {
  household: Household;
  matched: Member | null;
  searchedNik: string | null;
  onRegister: (m: Member, h: Household) => void;
  onHistory: (m: Member) => void;
}) {
  // A NIK search matched this member: the searched NIK is theirs, even where the answer masks it.
  const withNik = (m: Member): Member =>
    searchedNik && matched && m.memberId === matched.memberId && m.nik.endsWith(searchedNik.slice(-4))
      ? { ...m, nik: searchedNik }
      : m;
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Text fw={600}>{t('fo.lookup.household', { kk: h.noKk })}</Text>
        <Group gap="xs">
          <Badge c="dark.9" variant="light" color={h.desil ? 'blue' : 'gray'}>
            {h.desil ? t('fo.lookup.desil', { desil: h.desil }) : t('fo.lookup.noDesil')}
          </Badge>
          {h.programmeFlags.map((p) => (
            <Badge c="dark.9" key={p} variant="outline">
              {p}
            </Badge>
          ))}
        </Group>
      </Group>
      <Text size="sm" mb="sm">
        {[h.address, h.desaName, `Kec. ${h.kecamatanName}`].filter(Boolean).join(', ')}
      </Text>
      <Table.ScrollContainer minWidth={640}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('fo.lookup.member.name')}</Table.Th>
              <Table.Th>{t('fo.lookup.member.nik')}</Table.Th>
              <Table.Th>{t('fo.lookup.member.birth')}</Table.Th>
              <Table.Th>{t('fo.lookup.member.relationship')}</Table.Th>
              <Table.Th>{t('fo.lookup.member.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {h.members.map((raw) => {
              const m = withNik(raw);
              const isMatch = matched && raw.memberId === matched.memberId;
              return (
                <Table.Tr key={raw.memberId ?? raw.nik}>
                  <Table.Td>
                    {m.name}{' '}
                    {isMatch && (
                      <Badge c="dark.9" size="xs" color="green">
                        {t('fo.lookup.match')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{raw.nik}</Table.Td>
                  <Table.Td>
                    {[
                      m.birthDate
                        ? /^\d{4}-\d{2}-\d{2}$/.test(m.birthDate)
                          ? formatDate(m.birthDate)
                          : m.birthDate
                        : null,
                      m.age != null ? `${m.age} th` : null,
                    ]
                      .filter(Boolean)
                      .join(' · ') || '—'}
                  </Table.Td>
                  <Table.Td>{m.relationship ?? '—'}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        onClick={() => onRegister(m, h)}
                        aria-label={t('fo.lookup.register', { name: m.name })}
                      >
                        {t('fo.nav.register')}
                      </Button>
                      {/^\d{16}$/.test(m.nik) && (
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => onHistory(m)}
                          aria-label={t('fo.lookup.history', { name: m.name })}
                        >
                          {t('fo.lookup.complaints')}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
