import { useState } from 'react';
import {
  Badge,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel } from '../../app/hooks';
import { formatDateTime } from '../../app/i18n/format';
import { ErrorAlert } from '../../shared/errors';
import {
  useGiveConsent,
  useProviders,
  useRecordedConsents,
  useWithdrawConsent,
  type CaseFile,
  type ConsentRecord,
} from './hooks';

type Item = { key: string; vi: string; en: string };

function useOptions(name: string) {
  const label = useLabel();
  const items = (useCatalogue(name).data?.items ?? []) as Item[];
  return {
    data: items.map((i) => ({ value: i.key, label: label(i) })),
    name: (key: string) =>
      label(
        items.find((i) => i.key === key),
        key,
      ),
  };
}

/** Consents: give (purpose, who, how, which provider types or providers, which fields), withdraw. */
export function ConsentsTab({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const purposes = useOptions('consent-purposes');
  const givers = useOptions('consent-givers');
  const methods = useOptions('consent-methods');
  const types = useOptions('organization-types');
  const fields = useOptions('shared-fields');
  const providers = useProviders().data?.items ?? [];
  const recorded = useRecordedConsents(file.id).data ?? [];
  const give = useGiveConsent(file.id);
  const [purpose, setPurpose] = useState<string | null>('referral');
  const [givenBy, setGivenBy] = useState<string | null>('survivor');
  const [method, setMethod] = useState<string | null>('verbal');
  const [providerTypes, setProviderTypes] = useState<string[]>([]);
  const [providerIds, setProviderIds] = useState<string[]>([]);
  const [sharedFields, setSharedFields] = useState<string[]>([]);
  const sharing = purpose === 'referral';
  return (
    <Stack gap="md">
      <Title order={2} fz="lg">
        {t('consent.recorded')}
      </Title>
      {file.consents.length === 0 ? (
        <Text>{t('file.none')}</Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {file.consents.map((c, n) => (
            <Paper component="li" key={`${c.purpose}-${String(n)}`} withBorder p="xs" data-testid="consent">
              <Group gap="xs" wrap="wrap">
                <Badge color="teal.9">{t('consent.active')}</Badge>
                <Text fw={600}>{purposes.name(c.purpose)}</Text>
                <Text>
                  {t('consent.givenBy')}: {givers.name(c.givenBy)} · {methods.name(c.method)}
                </Text>
              </Group>
              {(c.providerTypes ?? []).length > 0 && (
                <Text fz="sm">
                  {t('consent.providerTypes')}: {(c.providerTypes ?? []).map(types.name).join(', ')}
                </Text>
              )}
              {(c.providerIds ?? []).length > 0 && (
                <Text fz="sm">
                  {t('consent.providers')}:{' '}
                  {(c.providerIds ?? [])
                    .map((id) => providers.find((p) => p.id === id)?.name ?? id)
                    .join(', ')}
                </Text>
              )}
              {(c.sharedFields ?? []).length > 0 && (
                <Text fz="sm">
                  {t('consent.fields')}: {(c.sharedFields ?? []).map(fields.name).join(', ')}
                </Text>
              )}
            </Paper>
          ))}
        </Stack>
      )}
      {recorded.length > 0 && (
        <Title order={2} fz="lg">
          {t('consent.thisSession')}
        </Title>
      )}
      {recorded.map((c) => (
        <Recorded key={c.id} caseId={file.id} consent={c} purpose={purposes.name(c.purpose)} />
      ))}
      <Paper
        component="form"
        withBorder
        p="sm"
        onSubmit={(e) => {
          e.preventDefault();
          if (!purpose || !givenBy || !method) return;
          give.mutate({
            purpose,
            givenBy,
            method,
            ...(sharing ? { providerTypes, providerIds, sharedFields } : {}),
          });
        }}
      >
        <Stack gap="xs">
          <Title order={2} fz="lg">
            {t('consent.give')}
          </Title>
          <Select
            label={t('consent.purpose')}
            required
            data={purposes.data}
            value={purpose}
            onChange={setPurpose}
          />
          <Group grow wrap="wrap">
            <Select
              label={t('consent.givenBy')}
              required
              data={givers.data}
              value={givenBy}
              onChange={setGivenBy}
            />
            <Select
              label={t('consent.method')}
              required
              data={methods.data}
              value={method}
              onChange={setMethod}
            />
          </Group>
          {sharing && (
            <>
              <MultiSelect
                label={t('consent.providerTypes')}
                data={types.data}
                value={providerTypes}
                onChange={setProviderTypes}
              />
              <MultiSelect
                label={t('consent.providers')}
                data={providers.map((p) => ({ value: p.id, label: p.name }))}
                value={providerIds}
                onChange={setProviderIds}
                searchable
              />
              <Checkbox.Group label={t('consent.fields')} value={sharedFields} onChange={setSharedFields}>
                <Group gap="sm" mt={4} wrap="wrap">
                  {fields.data.map((f) => (
                    <Checkbox key={f.value} value={f.value} label={f.label} />
                  ))}
                </Group>
              </Checkbox.Group>
            </>
          )}
          <ErrorAlert error={give.error} />
          <div>
            <Button type="submit" loading={give.isPending}>
              {t('consent.give')}
            </Button>
          </div>
        </Stack>
      </Paper>
    </Stack>
  );
}

/** A consent recorded in this session: known by id, so it can be withdrawn. */
function Recorded({ caseId, consent, purpose }: { caseId: string; consent: ConsentRecord; purpose: string }) {
  const { t } = useTranslation();
  const withdraw = useWithdrawConsent(caseId);
  const [reason, setReason] = useState('');
  return (
    <Paper withBorder p="xs" data-testid="consent-recorded">
      <Group gap="xs" wrap="wrap">
        <Badge color={consent.withdrawnAt ? 'gray.8' : 'teal.9'}>
          {consent.withdrawnAt ? t('consent.withdrawn') : t('consent.active')}
        </Badge>
        <Text fw={600}>{purpose}</Text>
        <Text fz="sm">
          {t('consent.given')}: {formatDateTime(consent.givenAt)}
        </Text>
      </Group>
      {!consent.withdrawnAt && (
        <Group gap="xs" mt="xs" align="end" wrap="wrap">
          <TextInput
            label={t('consent.withdrawReason')}
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
            }}
          />
          <Button
            variant="default"
            loading={withdraw.isPending}
            onClick={() => {
              withdraw.mutate({ consentId: consent.id, reasonText: reason.trim() || undefined });
            }}
          >
            {t('consent.withdraw')}
          </Button>
        </Group>
      )}
      <ErrorAlert error={withdraw.error} />
    </Paper>
  );
}
