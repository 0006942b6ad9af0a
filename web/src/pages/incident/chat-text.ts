// What the chat entries of the timeline say: the incident's own channel opened, a chat message copied
// onto the timeline with its author, and the "affects deployments" flag set or lifted.
import { str, text, type Data, type EntryText } from './timeline-words.ts';

/** One chat entry, described; undefined for other kinds. */
export function chatNews(kind: string, d: Data): EntryText | undefined {
  switch (kind) {
    case 'chat-channel-opened':
      return { what: `opened the incident channel #${str(d.channel)}`, lines: [] };
    case 'chat-message':
      return { what: `${str(d.author)} in chat`, lines: [], text: text(d.text), sentence: true };
    case 'affects-deployments':
      return {
        what:
          d.on === true
            ? 'marked it as affecting deployments (posted in the deployments channel)'
            : 'lifted "affects deployments" (posted in the deployments channel)',
        lines: [],
      };
    default:
      return undefined;
  }
}
