// Evidence for a report: screenshots, screen recordings and HAR files, chosen with a button or
// dropped on the box, each uploaded at once with a progress bar. A HAR file's summary (failing and
// slow requests, page errors; secrets removed) shows as soon as it is uploaded, before the report
// is sent. Uploaded files are part of the draft; one that failed can be tried again.
import { Button, CloseButton, FileButton, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { IconPaperclip, IconRefresh } from '@tabler/icons-react';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { ApiError, errorMessage, uploadFile } from '../../api/client.ts';
import type { Upload } from '../../api/types.ts';
import { HarSummaryView } from '../../components/har-summary.tsx';
import { mutedColor } from '../../components/incident-row.tsx';
import { fileSize } from '../../lib/report-words.ts';

/** At most this many files per report (the API's limit). */
export const MAX_FILES = 20;

interface Pending {
  key: number;
  file: File;
  progress: number;
  error?: string;
  controller: AbortController;
}

const kindWords: Record<Upload['kind'], string> = {
  image: 'Screenshot',
  video: 'Video',
  har: 'Network recording (HAR)',
  other: 'File',
};

function uploadError(err: unknown): string {
  // A HAR with one request too large to redact says so itself; any other 413 is the size limit.
  if (err instanceof ApiError && err.status === 413 && !err.message.startsWith('HAR file'))
    return 'This file is larger than the upload limit.';
  return errorMessage(err);
}

function Uploaded({ file, onRemove }: { file: Upload; onRemove: () => void }) {
  return (
    <Paper withBorder p="sm" component="li">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
          <div style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
              {file.filename}
            </Text>
            <Text size="xs" c={mutedColor}>
              {kindWords[file.kind]} · {fileSize(file.size)} · uploaded
            </Text>
          </div>
          <CloseButton aria-label={`Remove ${file.filename}`} onClick={onRemove} />
        </Group>
        {file.harSummary && <HarSummaryView summary={file.harSummary} />}
      </Stack>
    </Paper>
  );
}

function Uploading({
  item,
  onCancel,
  onRetry,
}: {
  item: Pending;
  onCancel: () => void;
  onRetry: () => void;
}) {
  const percent = Math.round(item.progress * 100);
  const processing = !item.error && item.progress >= 1;
  return (
    <Paper withBorder p="sm" component="li">
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
          <div style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
              {item.file.name}
            </Text>
            <Text
              size="xs"
              c={item.error ? 'var(--mantine-color-error)' : mutedColor}
              role={item.error ? 'alert' : undefined}
            >
              {item.error
                ? `Not uploaded: ${item.error}`
                : processing
                  ? `${fileSize(item.file.size)} · checking the file…`
                  : `${fileSize(item.file.size)} · uploading, ${percent}%`}
            </Text>
          </div>
          <CloseButton
            aria-label={item.error ? `Remove ${item.file.name}` : `Cancel the upload of ${item.file.name}`}
            onClick={onCancel}
          />
        </Group>
        {item.error ? (
          <Group>
            <Button
              size="compact-sm"
              variant="default"
              leftSection={<IconRefresh size={14} aria-hidden />}
              onClick={onRetry}
            >
              Try again
            </Button>
          </Group>
        ) : (
          <Progress
            value={processing ? 100 : percent}
            striped={processing}
            animated={processing}
            aria-label={`Upload of ${item.file.name}`}
            size="md"
          />
        )}
      </Stack>
    </Paper>
  );
}

/** The evidence part of the report form; `uploads` are the finished ones, kept in the draft. */
export function EvidenceUploads({
  uploads,
  onChange,
  onBusy,
  error,
}: {
  uploads: Upload[];
  onChange: (next: (current: Upload[]) => Upload[]) => void;
  onBusy: (busy: boolean) => void;
  error?: string;
}) {
  const [pending, setPending] = useState<Pending[]>([]);
  const [refused, setRefused] = useState<string>();
  const [dragging, setDragging] = useState(false);
  const nextKey = useRef(1);
  const busy = pending.some((p) => !p.error);
  useEffect(() => onBusy(busy), [busy, onBusy]);
  // Leaving the page stops uploads still running.
  const pendingRef = useRef(pending);
  useEffect(() => {
    pendingRef.current = pending;
  }, [pending]);
  useEffect(() => () => pendingRef.current.forEach((p) => p.controller.abort()), []);

  const update = (key: number, patch: Partial<Pending>) =>
    setPending((list) => list.map((p) => (p.key === key ? { ...p, ...patch } : p)));

  const start = (item: Pending) => {
    uploadFile<Upload>('/uploads', item.file, {
      signal: item.controller.signal,
      onProgress: (progress) => update(item.key, { progress }),
    }).then(
      (upload) => {
        setPending((list) => list.filter((p) => p.key !== item.key));
        onChange((current) => [...current, upload]);
      },
      (err: unknown) => {
        if ((err as Error).name === 'AbortError') return;
        update(item.key, { error: uploadError(err) });
      },
    );
  };

  const add = (files: File[]) => {
    setRefused(undefined);
    const room = MAX_FILES - uploads.length - pending.length;
    if (files.length > room)
      setRefused(
        `A report takes at most ${MAX_FILES} files; ${files.length - Math.max(room, 0)} were left out.`,
      );
    for (const file of files.slice(0, Math.max(room, 0))) {
      const item: Pending = { key: nextKey.current++, file, progress: 0, controller: new AbortController() };
      setPending((list) => [...list, item]);
      start(item);
    }
  };

  const retry = (item: Pending) => {
    const again = { ...item, progress: 0, error: undefined, controller: new AbortController() };
    setPending((list) => list.map((p) => (p.key === item.key ? again : p)));
    start(again);
  };

  const cancel = (item: Pending) => {
    item.controller.abort();
    setPending((list) => list.filter((p) => p.key !== item.key));
  };

  const drop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    add([...e.dataTransfer.files]);
  };

  return (
    <Stack gap="xs">
      <Paper
        withBorder
        p="md"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
        style={{
          borderStyle: 'dashed',
          borderColor: dragging ? 'var(--mantine-primary-color-filled)' : undefined,
          background: dragging ? 'var(--mantine-primary-color-light)' : undefined,
        }}
      >
        <Group gap="sm" wrap="wrap">
          <FileButton onChange={add} multiple>
            {(props) => (
              <Button variant="default" leftSection={<IconPaperclip size={16} aria-hidden />} {...props}>
                Add files
              </Button>
            )}
          </FileButton>
          <Text size="sm" c={mutedColor} style={{ flex: 1, minWidth: 180 }}>
            Screenshots, screen recordings or a HAR file from the browser’s network tab — or drop them here.
            Each uploads at once; secrets in HAR files are removed.
          </Text>
        </Group>
      </Paper>
      {(refused || error) && (
        <Text size="sm" c="var(--mantine-color-error)" role="alert">
          {refused ?? error}
        </Text>
      )}
      {(uploads.length > 0 || pending.length > 0) && (
        <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Attached files">
          {uploads.map((u) => (
            <Uploaded
              key={u.id}
              file={u}
              onRemove={() => onChange((current) => current.filter((c) => c.id !== u.id))}
            />
          ))}
          {pending.map((p) => (
            <Uploading key={p.key} item={p} onCancel={() => cancel(p)} onRetry={() => retry(p)} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
