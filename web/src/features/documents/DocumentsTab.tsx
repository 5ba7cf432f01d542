import { useState } from 'react';
import { Alert, Button, FileInput, Group, Loader, Paper, Progress, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useCatalogue, useLabel } from '../../app/hooks';
import { formatDateTime } from '../../app/i18n/format';
import { ErrorAlert } from '../../shared/errors';
import { type CaseDocument, useDocuments, useRemoveDocument, useUploadDocument } from './hooks';
import { addDocumentsMessages } from './messages';
import { formatSize } from './size';
import { downloadDocument, MAX_DOCUMENT_BYTES } from './transfer';

addDocumentsMessages();

/** A clear message for the refusals a counsellor can fix herself; the API's own message otherwise. */
function UploadError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : undefined;
  if (code === 'DOCUMENT_TOO_LARGE' || code === 'DOCUMENT_TYPE_NOT_ALLOWED')
    return (
      <Alert color="red" role="alert" data-code={code}>
        {t(code === 'DOCUMENT_TOO_LARGE' ? 'documents.tooBig' : 'documents.wrongType')}
      </Alert>
    );
  return <ErrorAlert error={error} />;
}

function UploadForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const kinds = useCatalogue('document-kinds').data?.items ?? [];
  const [kind, setKind] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const upload = useUploadDocument(caseId, (f) => {
    setProgress(Math.round(f * 100));
  });
  return (
    <Paper
      component="form"
      withBorder
      p="sm"
      maw={720}
      aria-label={t('documents.upload')}
      onSubmit={(e) => {
        e.preventDefault();
        setDone(false);
        upload.reset();
        if (!kind) {
          setProblem(t('documents.pickKind'));
          return;
        }
        if (!file) {
          setProblem(t('documents.pickFile'));
          return;
        }
        if (file.size > MAX_DOCUMENT_BYTES) {
          setProblem(t('documents.tooBig'));
          return;
        }
        setProblem(null);
        setProgress(0);
        upload.mutate(
          { file, kind },
          {
            onSuccess: () => {
              setFile(null);
              setDone(true);
            },
            onSettled: () => {
              setProgress(null);
            },
          },
        );
      }}
    >
      <Stack gap="sm">
        <Select
          label={t('documents.kind')}
          data={kinds.map((k) => ({ value: k.key, label: label(k, k.key) }))}
          value={kind}
          onChange={setKind}
          allowDeselect={false}
          required
        />
        <FileInput
          label={t('documents.file')}
          accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
          value={file}
          onChange={(f) => {
            setFile(f);
            setDone(false);
            setProblem(f && f.size > MAX_DOCUMENT_BYTES ? t('documents.tooBig') : null);
          }}
          clearable
          clearButtonProps={{ 'aria-label': t('documents.clearFile') }}
          required
        />
        {progress !== null && (
          <Stack gap={4}>
            <Progress value={progress} aria-label={t('documents.uploading', { percent: progress })} />
            <Text fz="sm" role="status">
              {t('documents.uploading', { percent: progress })}
            </Text>
          </Stack>
        )}
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        <UploadError error={upload.error} />
        {done && (
          <Text fz="sm" role="status">
            {t('documents.uploaded')}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={upload.isPending}>
            {t('documents.upload')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function DocumentRow({ caseId, d }: { caseId: string; d: CaseDocument }) {
  const { t } = useTranslation();
  const label = useLabel();
  const kinds = useCatalogue('document-kinds').data?.items ?? [];
  const remove = useRemoveDocument(caseId);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const destroyed = d.destroyedAt !== null;
  return (
    <Paper withBorder p="sm" maw={720} data-testid="document-row">
      <Stack gap={4}>
        <Text fw={700} style={{ overflowWrap: 'anywhere' }}>
          {destroyed ? t('documents.destroyed') : d.name}
        </Text>
        <Text fz="sm">
          {label(
            kinds.find((k) => k.key === d.kind),
            d.kind,
          )}
          {' · '}
          {formatSize(d.sizeBytes)}
        </Text>
        <Text fz="sm" c="dimmed">
          {d.addedBy.displayName ?? t('documents.unknownUser')}, {formatDateTime(d.addedAt)}
        </Text>
        {!destroyed && (
          <Group gap="xs" mt={4}>
            <Button
              size="xs"
              loading={busy}
              onClick={() => {
                setError(null);
                setBusy(true);
                downloadDocument(caseId, d.id, d.name ?? 'tai-lieu')
                  .catch(setError)
                  .finally(() => {
                    setBusy(false);
                  });
              }}
            >
              {t('documents.download')}
            </Button>
            <Button
              size="xs"
              variant="outline"
              color="red"
              loading={remove.isPending}
              onClick={() => {
                if (window.confirm(t('documents.confirmRemove'))) remove.mutate(d.id);
              }}
            >
              {t('documents.remove')}
            </Button>
          </Group>
        )}
        <ErrorAlert error={error ?? remove.error} />
      </Stack>
    </Paper>
  );
}

/** The case file's documents: upload with progress, the list, download (never through an address with a token). */
export function DocumentsTab({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useDocuments(id);
  return (
    <Stack gap="md">
      <UploadForm caseId={id} />
      {q.isPending ? (
        <Loader size="sm" aria-label={t('app.loading')} />
      ) : q.isError ? (
        <ErrorAlert error={q.error} />
      ) : q.data.length === 0 ? (
        <Text>{t('documents.none')}</Text>
      ) : (
        <Stack gap="xs" aria-label={t('documents.title')}>
          {q.data.map((d) => (
            <DocumentRow key={d.id} caseId={id} d={d} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
