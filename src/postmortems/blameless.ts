/**
 * The blameless check, pure: "at no point attribute blame". It finds sentences that name a person
 * of the team (full name, first name, or a possessive such as "Ana's") together with a word or
 * phrase of blame ("careless", "fault", "should have", "caused by Ana", …) and suggests wording
 * with the system or process as the subject. It only warns: the editor shows the finding next to
 * the sentence and saving goes ahead.
 */

/** One flagged sentence. */
export interface BlameFinding {
  /** The section of the document it was found in (set by `checkDocument`), else ''. */
  section: string;
  sentence: string;
  /** The name as written in the sentence ("Grace's", "Grace Hopper"). */
  person: string;
  /** The words of blame found, as written. */
  phrases: string[];
  /** Neutral wording to consider instead: the system or process as the subject. */
  suggestion: string;
}

/** What every finding reminds the writer of. */
export const blamelessHint =
  'Say what the system or process allowed, not who: e.g. "The deploy went out without a review step, which caused the outage".';

/** Words and phrases that put a person at fault; `caused by <name>` is matched separately. */
const blamePhrases = [
  'fault',
  'faulty work',
  'careless',
  'carelessly',
  'carelessness',
  'sloppy',
  'negligent',
  'negligence',
  'reckless',
  'lazy',
  'incompetent',
  'blame',
  'blamed',
  'to blame',
  'mistake',
  'screwed up',
  'messed up',
  'should have',
  "should've",
  'should not have',
  "shouldn't have",
  'failed to',
  'forgot to',
  'did not bother',
  "didn't bother",
  'ignored',
  'broke',
  'responsible for the outage',
  'human error',
];

/** Adjectives and adverbs of blame dropped from a suggestion. */
const blameModifiers = [
  'careless',
  'carelessly',
  'sloppy',
  'negligent',
  'reckless',
  'recklessly',
  'lazy',
  'incompetent',
  'faulty',
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The sentences of a text: split after . ! ? and at line breaks, trimmed, empty ones dropped. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * The names to look for, from the team's display names: each full name and its first word (a
 * first name of at least three letters), longest first so "Grace Hopper" wins over "Grace".
 */
export function namesOf(people: readonly string[]): string[] {
  const names = new Set<string>();
  for (const full of people) {
    const name = full.trim().replace(/\s+/g, ' ');
    if (name.length < 3) continue;
    names.add(name);
    const first = name.split(' ')[0]!;
    if (first.length >= 3 && /^\p{Lu}/u.test(first)) names.add(first);
  }
  return [...names].sort((a, b) => b.length - a.length);
}

function nameIn(sentence: string, names: readonly string[]): string | null {
  for (const name of names) {
    const m = new RegExp(`(?<![\\p{L}\\p{N}])${escape(name)}(?:['’]s?)?(?![\\p{L}\\p{N}])`, 'u').exec(
      sentence,
    );
    if (m) return m[0];
  }
  return null;
}

function phrasesIn(sentence: string, person: string): string[] {
  const found: string[] = [];
  const bare = person.replace(/['’]s?$/, '');
  const causedBy = new RegExp(`\\b(caused|started|triggered) by ${escape(bare)}`, 'iu').exec(sentence);
  if (causedBy) found.push(causedBy[0]);
  for (const phrase of blamePhrases) {
    const m = new RegExp(`(?<![\\p{L}])${escape(phrase)}(?![\\p{L}])`, 'iu').exec(sentence);
    if (m && !found.some((f) => f.toLowerCase().includes(m[0].toLowerCase()))) found.push(m[0]);
  }
  return found;
}

/**
 * Neutral wording for a flagged sentence: the person's name and the words of blame taken out, the
 * change or the process left as the subject (see `blamelessHint` for what to write about instead).
 */
export function suggestNeutral(sentence: string, person: string): string {
  const bare = escape(person.replace(/['’]s?$/, ''));
  let s = sentence
    .replace(new RegExp(`\\b(caused|started|triggered) by ${bare}\\b(['’]s)?`, 'giu'), '$1 by a change')
    .replace(new RegExp(`${bare}['’]s\\b`, 'gu'), 'the')
    .replace(new RegExp(`${bare}['’]`, 'gu'), 'the')
    .replace(new RegExp(`${bare} (failed to|forgot to)`, 'gu'), 'the process did not make sure to')
    .replace(
      new RegExp(`${bare} (should have|should not have|shouldn['’]t have)`, 'gu'),
      'the process did not require that we',
    )
    .replace(new RegExp(`\\b${bare}\\b`, 'gu'), 'the team');
  for (const word of blameModifiers) s = s.replace(new RegExp(`\\b${word}\\s+`, 'giu'), '');
  s = s
    .replace(/\bthe the\b/gi, 'the')
    .replace(/\s{2,}/g, ' ')
    .trim();
  s = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** The flagged sentences of one text, given the team's display names. */
export function checkBlameless(text: string, people: readonly string[]): BlameFinding[] {
  const names = namesOf(people);
  const findings: BlameFinding[] = [];
  for (const sentence of sentencesOf(text)) {
    const person = nameIn(sentence, names);
    if (!person) continue;
    const phrases = phrasesIn(sentence, person);
    if (phrases.length === 0) continue;
    findings.push({ section: '', sentence, person, phrases, suggestion: suggestNeutral(sentence, person) });
  }
  return findings;
}

/** The findings of every section of a document (section name → text). */
export function checkDocument(
  document: Readonly<Record<string, string>>,
  people: readonly string[],
): BlameFinding[] {
  return Object.entries(document).flatMap(([section, text]) =>
    checkBlameless(text, people).map((f) => ({ ...f, section })),
  );
}
