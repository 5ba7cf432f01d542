import { useState } from 'react';
import {
  Badge,
  Button,
  Group,
  MultiSelect,
  Paper,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel } from '../../app/hooks';
import { formatDateTime } from '../../app/i18n/format';
import { ErrorAlert } from '../../shared/errors';
import { newKey } from '../../shared/newKey';
import { useConsents, useProviders, useReferrals, useSendReferral, type CaseFile } from './hooks';
import { PrintReferralButton } from '../printing/PrintReferralButton';

type Item = { key: string; vi: string; en: string };

function useNames(name: string) {
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

/** Referrals: send under a consent (picked, or the newest that covers the provider) or an emergency override. */
export function ReferralsTab({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const list = useReferrals(file.id);
  const services = useNames('services');
  return (
    <Stack gap="md">
      <SendForm file={file} />
      <Title order={2} fz="lg">
        {t('referral.list')}
      </Title>
      <ErrorAlert error={list.error} />
      {list.data?.items.length === 0 && <Text>{t('file.none')}</Text>}
      {list.data?.items.map((r) => (
        <Paper key={r.id} withBorder p="sm" data-testid="referral">
          <Group gap="xs" wrap="wrap">
            <Text fw={700}>{r.provider.name ?? '—'}</Text>
            <Badge>{t(`rstatus.${r.status}`, { defaultValue: r.status })}</Badge>
            {r.emergencyOverride && <Badge color="red.9">{t('referral.override')}</Badge>}
          </Group>
          <PrintReferralButton id={r.id} />
          <Text fz="sm">
            {t('referral.services')}: {r.services.map(services.name).join(', ')} · {t('referral.dueBy')}:{' '}
            {formatDateTime(r.dueBy)}
          </Text>
          <Text fw={600} fz="sm" mt="xs">
            {t('referral.timeline')}
          </Text>
          <Timeline bulletSize={14} lineWidth={2} active={r.history.length}>
            <Timeline.Item title={t('referral.sent')}>
              <Text fz="sm">{formatDateTime(r.sentAt)}</Text>
            </Timeline.Item>
            {r.history
              .filter((h) => h.from !== null)
              .map((h, n) => (
                <Timeline.Item
                  key={`${h.at}-${String(n)}`}
                  title={t(`rstatus.${h.to}`, { defaultValue: h.to })}
                >
                  <Text fz="sm">
                    {formatDateTime(h.at)}
                    {h.reasonCode ? ` · ${h.reasonCode}` : ''}
                  </Text>
                </Timeline.Item>
              ))}
          </Timeline>
        </Paper>
      ))}
    </Stack>
  );
}

function SendForm({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const providers = useProviders().data?.items ?? [];
  const services = useNames('services');
  const urgencies = useNames('referral-urgencies');
  const recorded = (useConsents(file.id).data ?? []).filter(
    (c) => c.purpose === 'referral' && !c.withdrawnAt,
  );
  const hasConsent = file.consents.some((c) => c.purpose === 'referral');
  const send = useSendReferral(file.id);
  const [providerId, setProviderId] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [urgency, setUrgency] = useState<string | null>('routine');
  const [basis, setBasis] = useState<string>('auto');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [key, setKey] = useState(newKey);
  const override = basis === 'override';
  const provider = providers.find((p) => p.id === providerId);
  return (
    <Paper
      component="form"
      withBorder
      p="sm"
      onSubmit={(e) => {
        e.preventDefault();
        if (!providerId || !urgency || chosen.length === 0) return;
        send.mutate(
          {
            key,
            body: {
              providerId,
              services: chosen,
              urgency,
              ...(note.trim() ? { note: note.trim() } : {}),
              ...(override ? { emergencyOverride: { reasonText: reason.trim() } } : {}),
              ...(basis !== 'auto' && !override ? { consentId: basis } : {}),
            },
          },
          {
            onSuccess: () => {
              setKey(newKey());
              setChosen([]);
              setNote('');
              setReason('');
            },
          },
        );
      }}
    >
      <Stack gap="xs">
        <Title order={2} fz="lg">
          {t('referral.send')}
        </Title>
        <Select
          label={t('referral.provider')}
          required
          searchable
          data={providers.map((p) => ({ value: p.id, label: p.name }))}
          value={providerId}
          onChange={setProviderId}
        />
        <MultiSelect
          label={t('referral.services')}
          required
          data={services.data.filter((s) => !provider || provider.services.includes(s.value))}
          value={chosen}
          onChange={setChosen}
        />
        <Select
          label={t('referral.urgency')}
          required
          data={urgencies.data}
          value={urgency}
          onChange={(v) => {
            setUrgency(v);
            if (v !== 'emergency' && override) setBasis('auto');
          }}
        />
        <Radio.Group label={t('referral.consent')} value={basis} onChange={setBasis}>
          <Stack gap={6} mt={4}>
            <Radio value="auto" label={hasConsent ? t('referral.consentAuto') : t('referral.noConsent')} />
            {recorded.map((c) => (
              <Radio key={c.id} value={c.id} label={`${t('consent.given')}: ${formatDateTime(c.givenAt)}`} />
            ))}
            {urgency === 'emergency' && <Radio value="override" label={t('referral.override')} />}
          </Stack>
        </Radio.Group>
        {override && (
          <Textarea
            label={t('referral.overrideReason')}
            required
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
            }}
          />
        )}
        <Textarea
          label={t('referral.note')}
          value={note}
          onChange={(e) => {
            setNote(e.currentTarget.value);
          }}
        />
        <ErrorAlert error={send.error} />
        <div>
          <Button type="submit" loading={send.isPending} disabled={!providerId || chosen.length === 0}>
            {t('referral.send')}
          </Button>
        </div>
      </Stack>
    </Paper>
  );
}
