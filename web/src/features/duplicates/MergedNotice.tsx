import { Alert, Anchor, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useGo } from '../../app/hooks';
import { useMergedInto } from './hooks';
import { addDuplicateMessages } from './messages';

addDuplicateMessages();

/** Whether the file's read answered 410 CASE_MERGED. */
export const isCaseMerged = (error: unknown): boolean =>
  error instanceof ApiError && error.code === 'CASE_MERGED';

/** A merged case's file: "merged into <reference>" with a link to its successor (the 410 CASE_MERGED answer). */
export function MergedNotice({ id }: { id: string }) {
  const { t } = useTranslation();
  const go = useGo();
  const next = useMergedInto(id, true).data;
  return (
    <Stack gap="md">
      <Title order={1}>{t('dupes.mergedTitle')}</Title>
      <Alert
        color="blue"
        role="status"
        data-testid="merged-into"
        styles={{
          title: { color: 'var(--mantine-color-dark-9)' },
          message: { color: 'var(--mantine-color-dark-9)' },
        }}
        title={next ? t('dupes.mergedInto', { reference: next.reference }) : undefined}
      >
        {next && (
          <Anchor
            c="dark.9"
            fw={700}
            underline="always"
            href={`/cases/${next.id}`}
            onClick={(e) => {
              e.preventDefault();
              go(`/cases/${next.id}`);
            }}
          >
            {t('dupes.openSuccessor', { reference: next.reference })}
          </Anchor>
        )}
      </Alert>
    </Stack>
  );
}
