/** Every API command, in the order `expedite --help` lists them. */
import type { CommandSpec } from '../args.ts';
import { loginCommand, logoutCommand, whoamiCommand } from './auth.ts';
import { chatCommand } from './chat.ts';
import { decideCommand } from './decide.ts';
import { deployCommand } from './deploy.ts';
import { classifyCommand, declareCommand, listCommand, urgencyCommand } from './incidents.ts';
import { knowledgeCommand } from './knowledge.ts';
import { insightsCommand } from './insights.ts';
import { outboundCommand } from './outbound.ts';
import { prometheusCommand } from './prometheus.ts';
import { ackCommand, addResponderCommand, escalateCommand, pageCommand } from './paging.ts';
import { actionsCommand, postmortemCommand } from './postmortems.ts';
import { scheduleCommand } from './schedules.ts';
import { sessionsCommand } from './sessions.ts';
import { statuspageCommand } from './statuspage.ts';
import { showCommand } from './show.ts';
import { taskCommand } from './tasks.ts';
import { tokensCommand } from './tokens.ts';
import { debtCommand, deviationCommand } from './techdebt.ts';
import { hotfixCommand, repoCommand } from './hotfixes.ts';
import { updateCommand } from './update.ts';
import { handoffCommand, trackerCommand } from './trackers.ts';
import { conclusionCommand, linkCommand } from './update-conclusion.ts';
import { reportCommand } from './report.ts';
import { verificationCommand, watchCommand } from './verification.ts';
import {
  handoverCommand,
  logTimeCommand,
  noteCommand,
  ownCommand,
  resolveCommand,
  roleCommand,
  statusCommand,
} from './work.ts';

/** The API commands, grouped for the help text. */
export const apiCommands: { group: string; commands: CommandSpec[] }[] = [
  {
    group: 'Signing in',
    commands: [loginCommand, logoutCommand, whoamiCommand, sessionsCommand, tokensCommand],
  },
  {
    group: 'Incidents',
    commands: [declareCommand, listCommand, showCommand, classifyCommand, urgencyCommand, decideCommand],
  },
  {
    group: 'Working an incident',
    commands: [
      ownCommand,
      handoverCommand,
      roleCommand,
      statusCommand,
      resolveCommand,
      noteCommand,
      taskCommand,
      logTimeCommand,
      updateCommand,
      linkCommand,
      conclusionCommand,
      chatCommand,
    ],
  },
  {
    group: 'The fix',
    commands: [
      deviationCommand,
      debtCommand,
      hotfixCommand,
      deployCommand,
      watchCommand,
      verificationCommand,
      handoffCommand,
    ],
  },
  {
    group: 'Learning',
    commands: [reportCommand, postmortemCommand, actionsCommand, knowledgeCommand, insightsCommand],
  },
  {
    group: 'Paging',
    commands: [pageCommand, ackCommand, escalateCommand, addResponderCommand, scheduleCommand],
  },
  {
    group: 'Administration',
    commands: [outboundCommand, statuspageCommand, trackerCommand, prometheusCommand, repoCommand],
  },
];

/** The API command called `name`, if any. */
export function findCommand(name: string): CommandSpec | undefined {
  for (const { commands } of apiCommands) {
    const found = commands.find((c) => c.name === name);
    if (found) return found;
  }
  return undefined;
}
