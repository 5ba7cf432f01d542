import { Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../shared/errors';
import { useLink } from './hooks';
import { addDuplicateMessages } from './messages';

addDuplicateMessages();

/**
 * On the intake screen once the case is saved: the possible duplicates the API found (references and
 * status only), each with "link to this case".
 */
export function DuplicateLinks({
  caseId,
  duplicates,
}: {
  caseId: string;
  duplicates: { reference: string }[];
}) {
  const { t } = useTranslation();
  const link = useLink(caseId);
  const [linked, setLinked] = useState<string[]>([]);
  if (duplicates.length === 0) return null;
  return (
    <Stack gap={4} data-testid="duplicate-links">
      <Text fw={700}>{t('dupes.candidates')}</Text>
      {duplicates.map((d) => (
        <Group key={d.reference} gap="sm" wrap="wrap">
          <Text ff="monospace" fw={700}>
            {d.reference}
          </Text>
          {linked.includes(d.reference) ? (
            <Text c="dark.9" fw={700}>
              ✓ {t('dupes.linked')}
            </Text>
          ) : (
            <Button
              size="xs"
              variant="white"
              color="dark.9"
              loading={link.isPending && link.variables.reference === d.reference}
              onClick={() => {
                link.mutate(
                  { reference: d.reference },
                  {
                    onSuccess: () => {
                      setLinked((l) => [...l, d.reference]);
                    },
                  },
                );
              }}
            >
              {t('dupes.linkThis')}
            </Button>
          )}
        </Group>
      ))}
      <ErrorAlert error={link.error} />
    </Stack>
  );
}
