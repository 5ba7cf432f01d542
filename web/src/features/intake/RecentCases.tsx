import { Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { useCatalogue, useLabel } from '../../app/hooks';
import { formatDateTime } from '../../app/i18n/format';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The cases opened in the last 24 hours that the operator may see. The list route has no "opened by me"
 * or "since" filter yet: newest first, cut at 24 hours here.
 */
export function RecentCases() {
  const { t } = useTranslation();
  const label = useLabel();
  const levels = useCatalogue('risk-questionnaire').data?.levels ?? [];
  const cases = useQuery({
    queryKey: ['cases', 'recent'],
    refetchInterval: 60_000,
    queryFn: async () => unwrap(await api.GET('/api/v1/cases', { params: { query: { limit: 50 } } })),
  });
  const since = Date.now() - DAY_MS;
  const recent = (cases.data?.items ?? []).filter((c) => Date.parse(c.openedAt) >= since);
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="recent-title">
      <Title order={2} size="h4" id="recent-title" mb="xs">
        {t('hotline.recent')}
      </Title>
      {cases.isSuccess && recent.length === 0 ? (
        <Text size="sm">{t('hotline.recentEmpty')}</Text>
      ) : (
        <Table striped fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('hotline.reference')}</Table.Th>
              <Table.Th>{t('hotline.openedAt')}</Table.Th>
              <Table.Th>{t('hotline.riskLevel')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {recent.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td ff="monospace">{c.reference}</Table.Td>
                <Table.Td>{formatDateTime(c.openedAt)}</Table.Td>
                <Table.Td>
                  {c.riskLevel
                    ? label(
                        levels.find((l) => l.level === c.riskLevel),
                        c.riskLevel,
                      )
                    : t('riskLevels.none')}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
