import { Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel } from '../../app/hooks';
import { formatDateTime } from '../../app/i18n/format';
import { useRecentCases } from './queries';

/** The cases the operator opened in the last 24 hours (GET /cases?createdBy=me&since=…). */
export function RecentCases() {
  const { t } = useTranslation();
  const label = useLabel();
  const levels = useCatalogue('risk-questionnaire').data?.levels ?? [];
  const cases = useRecentCases();
  const recent = cases.data ?? [];
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
              <Table.Th>{t('hotline.status')}</Table.Th>
              <Table.Th>{t('hotline.riskLevel')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {recent.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td ff="monospace">{c.reference}</Table.Td>
                <Table.Td>{formatDateTime(c.openedAt)}</Table.Td>
                <Table.Td>{t(`hotline.statuses.${c.status}`, { defaultValue: c.status })}</Table.Td>
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
