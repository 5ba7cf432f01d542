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
  useConsents,
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

/** Consents: every one of the case (withdrawn too), withdraw an active one, give a new one. */
export function ConsentsTab({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const purposes = useOptions('consent-purposes');
  const givers = useOptions('consent-givers');
  const methods = useOptions('consent-methods');
  const types = useOptions('organization-types');
  const fields = useOptions('shared-fields');
  const providers = useProviders().data?.items ?? [];
  const consents = useConsents(file.id);
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
      {consents.isSuccess && consents.data.length === 0 && <Text>{t('file.none')}</Text>}
      <ErrorAlert error={consents.error} />
      <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {(consents.data ?? []).map((c) => (
          <Paper component="li" key={c.id} withBorder p="xs" data-testid="consent">
            <Group gap="xs" wrap="wrap">
              <Badge color={c.withdrawnAt ? 'gray.8' : 'teal.9'}>
                {c.withdrawnAt ? t('consent.withdrawn') : t('consent.active')}
              </Badge>
              <Text fw={600}>{purposes.name(c.purpose)}</Text>
              <Text>
                {t('consent.givenBy')}: {givers.name(c.givenBy)} · {methods.name(c.method)}
              </Text>
              <Text fz="sm">
                {t('consent.given')}: {formatDateTime(c.givenAt)}
              </Text>
            </Group>
            {c.providerTypes.length > 0 && (
              <Text fz="sm">
                {t('consent.providerTypes')}: {c.providerTypes.map(types.name).join(', ')}
              </Text>
            )}
            {c.providerIds.length > 0 && (
              <Text fz="sm">
                {t('consent.providers')}:{' '}
                {c.providerIds.map((id) => providers.find((p) => p.id === id)?.name ?? id).join(', ')}
              </Text>
            )}
            {c.sharedFields.length > 0 && (
              <Text fz="sm">
                {t('consent.fields')}: {c.sharedFields.map(fields.name).join(', ')}
              </Text>
            )}
            {c.withdrawnAt ? (
              <Text fz="sm">
                {t('consent.withdrawn')}: {formatDateTime(c.withdrawnAt)}
                {c.withdrawnReason ? ` · ${c.withdrawnReason}` : ''}
              </Text>
            ) : (
              <Withdraw caseId={file.id} consent={c} />
            )}
          </Paper>
        ))}
      </Stack>
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

/** Withdraw an active consent, with an optional reason (stored encrypted). */
function Withdraw({ caseId, consent }: { caseId: string; consent: ConsentRecord }) {
  const { t } = useTranslation();
  const withdraw = useWithdrawConsent(caseId);
  const [reason, setReason] = useState('');
  return (
    <>
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
      <ErrorAlert error={withdraw.error} />
    </>
  );
}
