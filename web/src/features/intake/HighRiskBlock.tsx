import { Alert, Button, List, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useLabel, useCatalogue } from '../../app/hooks';
import type { Draft } from './draft';
import { useRefuges } from './queries';

/** The fewest characters of an override reason (config/referrals.yaml emergencyReasonMinLength). */
export const REASON_MIN = 20;

type Emergency = Draft['emergency'];

/**
 * High risk: what happens next, and the emergency referral to a safe house in one step (the house serving
 * the commune, its free beds now, the override reason). During the call the choice is kept in the draft
 * and sent right after the case is saved; after saving, `onSend` sends it from here.
 */
export function HighRiskBlock({
  communeCode,
  value,
  onChange,
  onSend,
  sending = false,
  sent = null,
  error = null,
}: {
  communeCode: string | null;
  value: Emergency;
  onChange: (e: Emergency) => void;
  onSend?: () => void;
  sending?: boolean;
  sent?: object | null;
  error?: unknown;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const types = useCatalogue('organization-types').data;
  const refuges = useRefuges(communeCode, true);
  const reasonShort = value.reason.trim().length < REASON_MIN;
  return (
    <Alert
      color="red"
      variant="light"
      title={t('hotline.highRisk.title')}
      styles={{
        title: { color: 'var(--mantine-color-dark-9)' },
        message: { color: 'var(--mantine-color-dark-9)' },
      }}
      data-testid="high-risk"
    >
      <Stack gap="xs">
        <Text size="sm" fw={500}>
          {onSend ? t('hotline.highRisk.done') : t('hotline.highRisk.next')}
        </Text>
        <List size="sm" spacing={2}>
          <List.Item>{t('hotline.highRisk.supervisors')}</List.Item>
          <List.Item>{t('hotline.highRisk.safetyPlan')}</List.Item>
        </List>
        {sent ? (
          <Text fw={700} role="status" data-testid="referral-sent">
            {t('hotline.highRisk.sent', {
              name: refuges.items.find((r) => r.provider.id === value.providerId)?.provider.name ?? '',
            })}
          </Text>
        ) : (
          <>
            <Radio.Group
              label={t('hotline.highRisk.refuge')}
              description={
                communeCode ? t('hotline.highRisk.servingCommune') : t('hotline.highRisk.noCommune')
              }
              value={value.providerId ?? ''}
              onChange={(id) => {
                const p = refuges.items.find((r) => r.provider.id === id)?.provider;
                const services = p?.services.includes('shelter')
                  ? ['shelter']
                  : (p?.services.slice(0, 1) ?? []);
                onChange({ ...value, providerId: id, services });
              }}
            >
              <Stack gap={6} mt={6}>
                {refuges.items.map(({ provider: p, occupancy }) => (
                  <Radio
                    key={p.id}
                    value={p.id}
                    data-testid="refuge"
                    label={`${p.name} · ${label(
                      types?.items.find((x) => x.key === p.type),
                      p.type,
                    )}`}
                    description={
                      occupancy?.free === null || occupancy === null
                        ? t('hotline.highRisk.bedsUnknown')
                        : t('hotline.highRisk.freeBeds', { count: occupancy.free })
                    }
                  />
                ))}
                {!refuges.isLoading && refuges.items.length === 0 && (
                  <Text size="sm">{t('hotline.highRisk.noRefuge')}</Text>
                )}
              </Stack>
            </Radio.Group>
            <Textarea
              label={t('hotline.highRisk.reason')}
              description={t('hotline.highRisk.reasonHint', { min: REASON_MIN })}
              value={value.reason}
              onChange={(e) => {
                onChange({ ...value, reason: e.currentTarget.value });
              }}
              autosize
              minRows={2}
              data-testid="override-reason"
            />
            {error !== null && (
              <Text c="red.9" fw={700} role="alert">
                {error instanceof ApiError && error.message ? error.message : t('app.error')}
              </Text>
            )}
            {onSend ? (
              <Button
                color="red"
                w="fit-content"
                onClick={onSend}
                loading={sending}
                disabled={!value.providerId || reasonShort}
                data-testid="send-referral"
              >
                {t('hotline.highRisk.send')}
              </Button>
            ) : (
              value.providerId && (
                <Text size="sm">
                  {reasonShort ? t('hotline.highRisk.needReason') : t('hotline.highRisk.onSave')}
                </Text>
              )
            )}
          </>
        )}
      </Stack>
    </Alert>
  );
}
