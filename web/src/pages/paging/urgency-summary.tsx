// What an escalation policy does per urgency, as the server worked it out (defaults filled in):
// which levels run with which timeouts, how a person's methods are tried, and when.
import { Stack, Text } from '@mantine/core';
import type { EscalationPolicy } from '../../api/types.ts';
import { minutesText } from '../../lib/paging-words.ts';
import { urgencyCodes } from './urgency-rules.tsx';

/** One line per urgency, e.g. "P1: levels 1 (2.5 min), 2 (15 min) · all methods at once · any hour". */
export function UrgencySummary({ policy }: { policy: EscalationPolicy }) {
  return (
    <Stack
      gap={2}
      component="ul"
      p={0}
      m={0}
      style={{ listStyle: 'none' }}
      aria-label={`${policy.name} by urgency`}
    >
      {urgencyCodes.map((u) => {
        const e = policy.effective[u];
        const levels = e.levels.map((l) => `${l.level} (${minutesText(l.timeoutMinutes)})`).join(', ');
        return (
          <Text key={u} component="li" size="sm">
            <strong>{u}:</strong> {e.levels.length === 1 ? 'level' : 'levels'} {levels}
            {' · '}
            {e.allMethodsAtOnce ? 'all methods at once' : 'methods in their rules’ order'}
            {' · '}
            {e.businessHoursOnly ? 'waits for business hours' : 'any hour'}
          </Text>
        );
      })}
    </Stack>
  );
}
