import { useState } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel } from '../../app/hooks';
import { ErrorAlert } from '../../shared/errors';
import { usePrintCase } from './hooks';
import { addPrintingMessages } from './messages';

const REASON_MAX = 500;

/** "In hồ sơ": asks the purpose and the reason, then downloads the watermarked PDF (audited by the API). */
export function PrintCaseButton({ id }: { id: string }) {
  addPrintingMessages();
  const { t } = useTranslation();
  const label = useLabel();
  const purposes = useCatalogue('print-purposes');
  const print = usePrintCase(id);
  const [open, setOpen] = useState(false);
  const [purpose, setPurpose] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const ready = purpose !== null && reason.trim() !== '' && reason.length <= REASON_MAX;
  const close = () => {
    setOpen(false);
    setPurpose(null);
    setReason('');
    print.reset();
  };
  return (
    <>
      <Button
        variant="outline"
        size="sm"
        onClick={() => {
          setOpen(true);
        }}
        data-testid="print-case"
      >
        {t('print.caseFile')}
      </Button>
      <Modal
        opened={open}
        onClose={close}
        title={t('print.title')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('print.close') }}
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (ready) print.mutate({ purpose, reason: reason.trim() });
          }}
        >
          <Stack gap="sm">
            <Select
              label={t('print.purpose')}
              required
              data={(purposes.data?.items ?? []).map((i) => ({ value: i.key, label: label(i) }))}
              value={purpose}
              onChange={setPurpose}
              allowDeselect={false}
            />
            <Textarea
              label={t('print.reason')}
              description={t('print.reasonHint')}
              required
              autosize
              minRows={3}
              maxLength={REASON_MAX}
              value={reason}
              onChange={(e) => {
                setReason(e.currentTarget.value);
              }}
            />
            <Text fz="sm" c="dimmed">
              {t('print.watermark')}
            </Text>
            <Text fz="sm" c="dimmed">
              {t('print.contents')}
            </Text>
            <ErrorAlert error={print.error} />
            {print.isSuccess && (
              <Alert color="green" role="status">
                {t('print.done')}
              </Alert>
            )}
            <Group justify="flex-end" gap="sm" wrap="wrap">
              <Button variant="default" onClick={close}>
                {t('print.cancel')}
              </Button>
              <Button type="submit" disabled={!ready} loading={print.isPending}>
                {t('print.download')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
