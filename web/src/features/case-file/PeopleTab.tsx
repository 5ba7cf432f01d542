import { useState } from 'react';
import { Alert, Button, Group, Radio, Stack, Table, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ErrorAlert } from '../../shared/errors';
import { SafeContactRules } from '../../shared/SafeContactRules';
import { useReadCaseFileNow, useUpdateCase, type CaseFile } from './hooks';
import { conflicts, updateOf, valuesOf, type Field, type Values } from './people';

const LABELS: Record<Field, string> = {
  fullName: 'people.fullName',
  phone: 'people.phone',
  nationalId: 'people.nationalId',
  addressDetail: 'people.addressDetail',
  reporterName: 'people.fullName',
  reporterPhone: 'people.phone',
};

interface Conflict {
  stored: CaseFile;
  fields: Field[];
  keep: Partial<Record<Field, 'mine' | 'stored'>>;
}

/**
 * The survivor and the reporter, edited with the version read. When someone else saved first (409
 * VERSION_CONFLICT), each field both changed shows her value and the stored one and she chooses.
 */
export function PeopleTab({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const readNow = useReadCaseFileNow(file.id);
  const update = useUpdateCase(file.id);
  const [values, setValues] = useState<Values>(() => valuesOf(file));
  const [touched, setTouched] = useState<Set<Field>>(new Set());
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [saved, setSaved] = useState(false);

  const set = (f: Field, v: string) => {
    setValues((old) => ({ ...old, [f]: v }));
    setTouched((old) => new Set(old).add(f));
    setSaved(false);
  };

  const afterSave = () => {
    setTouched(new Set());
    setConflict(null);
    setSaved(true);
  };

  const save = () => {
    const mine: Partial<Values> = {};
    for (const f of touched) mine[f] = values[f];
    update.mutate(updateOf(file, mine, file.version), {
      onSuccess: afterSave,
      onError: (err) => {
        if (err instanceof ApiError && err.code === 'VERSION_CONFLICT') void showConflict();
      },
    });
  };

  const showConflict = async () => {
    const stored = await readNow();
    const storedValues = valuesOf(stored);
    const fields = conflicts(touched, values, storedValues);
    // What only the other person changed is taken as stored; what only she changed stays hers.
    setValues((old) => {
      const next = { ...storedValues };
      for (const f of touched) next[f] = old[f];
      return next;
    });
    setConflict({ stored, fields, keep: {} });
  };

  const resolve = () => {
    if (!conflict) return;
    const mine: Partial<Values> = {};
    for (const f of touched) {
      if (!conflict.fields.includes(f) || conflict.keep[f] === 'mine') mine[f] = values[f];
    }
    update.mutate(updateOf(conflict.stored, mine, conflict.stored.version), {
      onSuccess: () => {
        setValues({ ...valuesOf(conflict.stored), ...mine });
        afterSave();
      },
    });
  };

  const input = (f: Field) => (
    <TextInput
      key={f}
      label={t(LABELS[f])}
      value={values[f]}
      onChange={(e) => {
        set(f, e.currentTarget.value);
      }}
      disabled={conflict !== null}
    />
  );

  const stored = conflict ? valuesOf(conflict.stored) : null;
  const allChosen = conflict ? conflict.fields.every((f) => conflict.keep[f] !== undefined) : false;

  return (
    <Stack gap="md">
      <Title order={2} fz="lg">
        {t('people.survivor')}
      </Title>
      {input('fullName')}
      {input('phone')}
      <SafeContactRules safeContact={file.survivor.safeContact} compact />
      {input('nationalId')}
      {input('addressDetail')}
      <Title order={2} fz="lg">
        {t('people.reporter')}
      </Title>
      {file.reporter ? (
        <>
          {input('reporterName')}
          {input('reporterPhone')}
        </>
      ) : (
        <div>{t('file.none')}</div>
      )}
      {conflict && stored && (
        <Alert color="orange" role="alert" data-testid="conflict">
          <Stack gap="sm">
            <Title order={2} fz="lg">
              {t('people.conflictTitle')}
            </Title>
            <div>{t('people.conflictIntro')}</div>
            <Table withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('people.field')}</Table.Th>
                  <Table.Th>
                    {t('people.mine')} / {t('people.stored')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {conflict.fields.map((f) => (
                  <Table.Tr key={f}>
                    <Table.Td>{t(LABELS[f])}</Table.Td>
                    <Table.Td>
                      <Radio.Group
                        aria-label={t(LABELS[f])}
                        value={conflict.keep[f] ?? null}
                        onChange={(v) => {
                          setConflict({
                            ...conflict,
                            keep: { ...conflict.keep, [f]: v === 'mine' ? 'mine' : 'stored' },
                          });
                        }}
                      >
                        <Group gap="lg" wrap="wrap">
                          <Radio
                            value="mine"
                            label={`${t('people.keepMine')}: ${values[f] || t('people.empty')}`}
                          />
                          <Radio
                            value="stored"
                            label={`${t('people.keepStored')}: ${stored[f] || t('people.empty')}`}
                          />
                        </Group>
                      </Radio.Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Group>
              <Button onClick={resolve} loading={update.isPending} disabled={!allChosen}>
                {t('people.saveChoice')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      {!(update.error instanceof ApiError && update.error.code === 'VERSION_CONFLICT') && (
        <ErrorAlert error={update.error} />
      )}
      {saved && (
        <Alert color="teal" role="status">
          {t('file.saved')}
        </Alert>
      )}
      {!conflict && (
        <Group>
          <Button onClick={save} loading={update.isPending} disabled={touched.size === 0}>
            {t('file.save')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
