import { useState } from 'react';
import { Alert, Anchor, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../app/i18n/format';
import { ErrorAlert } from '../../shared/errors';
import { addCounsellorMessages } from '../../shared/messages';
import { RiskBadge } from '../../shared/RiskBadge';
import { StatusBadge } from '../case-file/StatusBadge';
import { useSearchCases } from './hooks';

addCounsellorMessages();

/** Search by reference, phone or national ID (POST body). Results: references and status only. */
export default function SearchPage() {
  const { t } = useTranslation();
  const search = useSearchCases();
  const [reference, setReference] = useState('');
  const [phone, setPhone] = useState('');
  const [nationalId, setNationalId] = useState('');
  const [empty, setEmpty] = useState(false);
  const results = search.data?.items;
  return (
    <Stack gap="md">
      <Title order={1}>{t('search.title')}</Title>
      <Text>{t('search.intro')}</Text>
      <Paper
        component="form"
        withBorder
        p="sm"
        onSubmit={(e) => {
          e.preventDefault();
          const body = {
            ...(reference.trim() ? { reference: reference.trim() } : {}),
            ...(phone.trim() ? { phone: phone.trim() } : {}),
            ...(nationalId.trim() ? { nationalId: nationalId.trim() } : {}),
          };
          setEmpty(Object.keys(body).length === 0);
          if (Object.keys(body).length > 0) search.mutate(body);
        }}
      >
        <Stack gap="xs">
          <Group grow wrap="wrap" align="start">
            <TextInput
              label={t('search.reference')}
              value={reference}
              onChange={(e) => {
                setReference(e.currentTarget.value);
              }}
            />
            <TextInput
              label={t('search.phone')}
              inputMode="tel"
              value={phone}
              onChange={(e) => {
                setPhone(e.currentTarget.value);
              }}
            />
            <TextInput
              label={t('search.nationalId')}
              inputMode="numeric"
              value={nationalId}
              onChange={(e) => {
                setNationalId(e.currentTarget.value);
              }}
            />
          </Group>
          {empty && (
            <Alert color="orange" role="alert">
              {t('search.needOne')}
            </Alert>
          )}
          <ErrorAlert error={search.error} />
          <div>
            <Button type="submit" loading={search.isPending}>
              {t('search.submit')}
            </Button>
          </div>
        </Stack>
      </Paper>
      {results?.length === 0 && <Text>{t('search.empty')}</Text>}
      {results && results.length > 0 && (
        <Table.ScrollContainer minWidth={320}>
          <Table striped data-testid="search-results">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('search.reference')}</Table.Th>
                <Table.Th>{t('file.status')}</Table.Th>
                <Table.Th>{t('file.riskLevel')}</Table.Th>
                <Table.Th>{t('file.openedAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {results.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/cases/${c.id}`} replace fw={700}>
                      {c.reference}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={c.status} />
                  </Table.Td>
                  <Table.Td>
                    <RiskBadge level={c.riskLevel} />
                  </Table.Td>
                  <Table.Td>{formatDate(c.openedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
