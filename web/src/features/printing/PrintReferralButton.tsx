import { Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../shared/errors';
import { usePrintReferral } from './hooks';
import { addPrintingMessages } from './messages';

/** "In phiếu chuyển gửi": the referral's form (only the consented fields) as a watermarked PDF. */
export function PrintReferralButton({ id }: { id: string }) {
  addPrintingMessages();
  const { t } = useTranslation();
  const print = usePrintReferral(id);
  return (
    <Stack gap={4} align="flex-start">
      <Button
        variant="subtle"
        size="compact-sm"
        onClick={() => {
          print.mutate();
        }}
        loading={print.isPending}
        title={t('print.referralHint')}
        data-testid="print-referral"
      >
        {t('print.referralForm')}
      </Button>
      {print.isSuccess && (
        <Text fz="xs" c="dimmed" role="status">
          {t('print.done')}
        </Text>
      )}
      <ErrorAlert error={print.error} />
    </Stack>
  );
}
