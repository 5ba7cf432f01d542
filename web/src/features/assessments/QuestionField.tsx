import { Alert, Checkbox, Group, NumberInput, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../app/hooks';
import { formatDate } from '../../app/i18n/format';
import type { AnswerValue, FormQuestion } from './form-logic';

interface Props {
  q: FormQuestion;
  value: AnswerValue | undefined;
  onChange: (v: AnswerValue | undefined) => void;
  /** The problem to show under the question (a required one left empty). */
  error?: string;
}

/** One question of a form, as its kind asks: radios, checkboxes, a scale, yes/no, a date, a number, text. */
export function QuestionField({ q, value, onChange, error }: Props) {
  const { t } = useTranslation();
  const label = useLabel();
  const common = {
    label: label(q.label),
    description: q.help ? label(q.help) : undefined,
    withAsterisk: q.required === true,
    error,
  };
  const options = q.options ?? [];
  const field = (() => {
    switch (q.kind) {
      case 'choice':
        return (
          <Radio.Group {...common} value={typeof value === 'string' ? value : null} onChange={onChange}>
            <Stack gap={6} mt={4}>
              {options.map((o) => (
                <Radio key={o.key} value={o.key} label={label(o.label)} />
              ))}
            </Stack>
          </Radio.Group>
        );
      case 'choices':
        return (
          <Checkbox.Group {...common} value={Array.isArray(value) ? value : []} onChange={onChange}>
            <Stack gap={6} mt={4}>
              {options.map((o) => (
                <Checkbox key={o.key} value={o.key} label={label(o.label)} />
              ))}
            </Stack>
          </Checkbox.Group>
        );
      case 'scale': {
        const min = q.min ?? 0;
        const max = q.max ?? 0;
        const steps = Array.from({ length: max - min + 1 }, (_, i) => min + i);
        return (
          <Radio.Group
            {...common}
            value={typeof value === 'number' ? String(value) : null}
            onChange={(v) => {
              onChange(Number(v));
            }}
          >
            <Group gap="sm" mt={4} wrap="wrap">
              {steps.map((n) => (
                <Radio key={n} value={String(n)} label={String(n)} aria-label={`${label(q.label)}: ${n}`} />
              ))}
            </Group>
            {q.labels && (
              <Text fz="xs" c="dimmed" mt={4}>
                {min} = {label(q.labels.min)} · {max} = {label(q.labels.max)}
              </Text>
            )}
          </Radio.Group>
        );
      }
      case 'yes_no':
        return (
          <Radio.Group
            {...common}
            value={typeof value === 'boolean' ? String(value) : null}
            onChange={(v) => {
              onChange(v === 'true');
            }}
          >
            <Group gap="lg" mt={4}>
              <Radio value="true" label={t('assess.yes')} />
              <Radio value="false" label={t('assess.no')} />
            </Group>
          </Radio.Group>
        );
      case 'date':
        return <DateAnswer common={common} value={value} onChange={onChange} />;
      case 'number':
        return (
          <NumberInput
            {...common}
            min={q.min}
            max={q.max}
            value={typeof value === 'number' ? value : ''}
            onChange={(v) => {
              onChange(typeof v === 'number' ? v : undefined);
            }}
            maw={220}
          />
        );
      case 'text':
        return (
          <Textarea
            {...common}
            autosize
            minRows={2}
            maxLength={4000}
            value={typeof value === 'string' ? value : ''}
            onChange={(e) => {
              onChange(e.currentTarget.value);
            }}
          />
        );
    }
  })();
  return (
    <Stack gap={4} data-question={q.key}>
      {q.alert && (
        <Alert color="red" role="alert" p="xs">
          {label(q.alert)}
        </Alert>
      )}
      {field}
    </Stack>
  );
}

/** An answer as read: option labels, Có/Không, a date, a number or the text. */
export function AnswerText({ q, value }: { q: FormQuestion; value: AnswerValue | undefined }) {
  const { t } = useTranslation();
  const label = useLabel();
  const option = (k: string) => label(q.options?.find((o) => o.key === k)?.label, k);
  let text: string;
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
    text = t('assess.noAnswer');
  else if (Array.isArray(value)) text = value.map(option).join('; ');
  else if (typeof value === 'boolean') text = value ? t('assess.yes') : t('assess.no');
  else if (q.kind === 'choice' && typeof value === 'string') text = option(value);
  else if (q.kind === 'date' && typeof value === 'string') text = formatDate(`${value}T00:00:00+07:00`);
  else if (q.kind === 'scale') text = `${String(value)} / ${String(q.max ?? '')}`;
  else text = String(value);
  return (
    <Stack gap={0} data-question={q.key}>
      <Text fz="sm" c="dimmed">
        {label(q.label)}
      </Text>
      <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{text}</Text>
    </Stack>
  );
}

const DAY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** dd/MM/yyyy as the API's YYYY-MM-DD, or null when it is not a day of the calendar. */
export function isoDay(text: string): string | null {
  const m = DAY.exec(text.trim());
  if (!m) return null;
  const iso = `${m[3] ?? ''}-${(m[2] ?? '').padStart(2, '0')}-${(m[1] ?? '').padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

/** A date typed as dd/MM/yyyy (the way every date of Haven is typed); the answer is YYYY-MM-DD. */
function DateAnswer({
  common,
  value,
  onChange,
}: {
  common: { label: string; description?: string; withAsterisk: boolean; error?: string };
  value: AnswerValue | undefined;
  onChange: (v: AnswerValue | undefined) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(() =>
    typeof value === 'string' ? value.split('-').reverse().join('/') : '',
  );
  const bad = text.trim() !== '' && isoDay(text) === null;
  return (
    <TextInput
      {...common}
      error={common.error ?? (bad ? t('assess.badDate') : undefined)}
      placeholder="dd/mm/yyyy"
      inputMode="numeric"
      value={text}
      onChange={(e) => {
        const next = e.currentTarget.value;
        setText(next);
        onChange(isoDay(next) ?? undefined);
      }}
      maw={220}
    />
  );
}
