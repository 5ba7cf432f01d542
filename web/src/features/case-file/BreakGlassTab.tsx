import { useState } from 'react';
import { Alert, Button, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/i18n/format';
import { ErrorAlert } from '../../shared/errors';
import { useBreakGlass } from './hooks';

/** Break-glass: a reason, then the time the access lasts (the API sets it: 4 hours). */
export function BreakGlassTab({ id }: { id: string }) {
  const { t } = useTranslation();
  const open = useBreakGlass(id);
  const [reason, setReason] = useState('');
  return (
    <Paper
      component="form"
      withBorder
      p="sm"
      onSubmit={(e) => {
        e.preventDefault();
        open.mutate(reason.trim());
      }}
    >
      <Stack gap="xs">
        <Text>{t('bg.intro', { hours: 4 })}</Text>
        <Textarea
          label={t('bg.reason')}
          required
          minRows={2}
          autosize
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
          }}
        />
        <ErrorAlert error={open.error} />
        {open.data && (
          <Alert color="orange" role="status">
            {t('bg.granted', { until: formatDateTime(open.data.expiresAt) })}
          </Alert>
        )}
        <div>
          <Button type="submit" color="orange.9" loading={open.isPending} disabled={!reason.trim()}>
            {t('bg.open')}
          </Button>
        </div>
      </Stack>
    </Paper>
  );
}
