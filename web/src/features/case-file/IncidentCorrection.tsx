import { useState } from 'react';
import { Button, Modal, MultiSelect, Select, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel } from '../../app/hooks';
import { ErrorAlert } from '../../shared/errors';
import { addCaseWorkMessages } from '../safety-plan/messages';
import { useCorrectIncident } from '../services/hooks';

addCaseWorkMessages();

type Incident = {
  id: string;
  version: number;
  occurredOn?: string;
  placeType?: string;
  violenceTypes: string[];
};

/** Corrects an incident after intake (with its version): when, the forms of violence, the place. */
export function IncidentCorrection({ caseId, incident }: { caseId: string; incident: Incident }) {
  const { t } = useTranslation();
  const label = useLabel();
  const types = useCatalogue('violence-types').data?.items ?? [];
  const places = useCatalogue('place-types').data?.items ?? [];
  const correct = useCorrectIncident(caseId);
  const [open, setOpen] = useState(false);
  const [occurredOn, setOccurredOn] = useState(incident.occurredOn ?? '');
  const [violence, setViolence] = useState(incident.violenceTypes);
  const [place, setPlace] = useState<string | null>(incident.placeType ?? null);
  return (
    <>
      <Button
        size="compact-sm"
        variant="default"
        onClick={() => {
          setOpen(true);
        }}
      >
        {t('inc.edit')}
      </Button>
      <Modal
        opened={open}
        onClose={() => {
          setOpen(false);
        }}
        title={t('inc.title')}
      >
        <Stack
          component="form"
          gap="xs"
          onSubmit={(e) => {
            e.preventDefault();
            correct.mutate(
              {
                incidentId: incident.id,
                body: {
                  version: incident.version,
                  violenceTypes: violence,
                  ...(occurredOn.trim() ? { occurredOn: occurredOn.trim() } : {}),
                  ...(place ? { placeType: place } : {}),
                },
              },
              {
                onSuccess: () => {
                  setOpen(false);
                },
              },
            );
          }}
        >
          <TextInput
            label={t('inc.occurredOn')}
            value={occurredOn}
            onChange={(e) => {
              setOccurredOn(e.currentTarget.value);
            }}
          />
          <MultiSelect
            label={t('inc.types')}
            required
            data={types.map((v) => ({ value: v.key, label: label(v) }))}
            value={violence}
            onChange={setViolence}
          />
          <Select
            label={t('inc.place')}
            data={places.map((p) => ({ value: p.key, label: label(p) }))}
            value={place}
            onChange={setPlace}
            clearable
          />
          <ErrorAlert error={correct.error} />
          <Button type="submit" loading={correct.isPending} disabled={violence.length === 0}>
            {t('inc.save')}
          </Button>
        </Stack>
      </Modal>
    </>
  );
}
