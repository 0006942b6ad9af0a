// The report's downloads: each version as a printable page (print or save as PDF) or as Markdown.
import { Button, Group, Stack, Text } from '@mantine/core';
import { IconFileText, IconPrinter } from '@tabler/icons-react';
import type { ReportVersion } from '../../api/types.ts';
import { downloadHref, versionWords } from './use-report.ts';

/** Links to the printable page and the Markdown of both versions. */
export function ReportDownloads({ incidentRef: ref }: { incidentRef: string }) {
  return (
    <Stack gap="xs">
      {(['plain', 'technical'] as ReportVersion[]).map((v) => (
        <Group key={v} gap="xs" wrap="wrap">
          <Text size="sm" w={96}>
            {versionWords[v].label}
          </Text>
          <Button
            component="a"
            href={downloadHref(ref, 'html', v)}
            target="_blank"
            rel="noopener"
            size="xs"
            variant="default"
            leftSection={<IconPrinter size={14} aria-hidden />}
            aria-label={`Print / save as PDF: ${versionWords[v].label.toLowerCase()} version`}
          >
            Print / save as PDF
          </Button>
          <Button
            component="a"
            href={downloadHref(ref, 'md', v)}
            download
            size="xs"
            variant="default"
            leftSection={<IconFileText size={14} aria-hidden />}
            aria-label={`Markdown: ${versionWords[v].label.toLowerCase()} version`}
          >
            Markdown
          </Button>
        </Group>
      ))}
    </Stack>
  );
}
