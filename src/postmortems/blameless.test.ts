import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkBlameless, checkDocument, namesOf, sentencesOf, suggestNeutral } from './blameless.ts';

const team = ['Grace Hopper', 'Ana Silva', 'Responder'];

test('a possessive first name with a blame word is flagged, with neutral wording', () => {
  const found = checkBlameless("Grace's careless deploy caused the outage.", team);
  assert.deepEqual(found, [
    {
      section: '',
      sentence: "Grace's careless deploy caused the outage.",
      person: "Grace's",
      phrases: ['careless'],
      suggestion: 'The deploy caused the outage.',
    },
  ]);
});

test('a sentence about the system passes', () => {
  assert.deepEqual(
    checkBlameless('The deploy went out without a review step, which caused the outage', team),
    [],
  );
});

test('a name without blame passes, and blame without a name passes', () => {
  assert.deepEqual(checkBlameless('Grace Hopper rolled the release back at 10:40.', team), []);
  assert.deepEqual(checkBlameless('It was a mistake to ship on a Friday.', team), []);
});

test('full names, "caused by", "should have" and "failed to" are flagged', () => {
  const found = checkBlameless(
    'The outage was caused by Ana Silva. Grace Hopper should have run the tests! Ana failed to check the backup.',
    team,
  );
  assert.deepEqual(
    found.map((f) => [f.person, f.phrases, f.suggestion]),
    [
      ['Ana Silva', ['caused by Ana Silva'], 'The outage was caused by a change.'],
      ['Grace Hopper', ['should have'], 'The process did not require that we run the tests!'],
      ['Ana', ['failed to'], 'The process did not make sure to check the backup.'],
    ],
  );
});

test('names: full names and capitalised first names, longest first; short ones ignored', () => {
  assert.deepEqual(namesOf(['Grace Hopper', 'Al', 'bob smith', 'Responder']), [
    'Grace Hopper',
    'bob smith',
    'Responder',
    'Grace',
  ]);
});

test('a name inside another word is not a name', () => {
  assert.deepEqual(checkBlameless('Anabolic steroids were a mistake in the test data.', team), []);
});

test('sentences split at end punctuation and line breaks', () => {
  assert.deepEqual(sentencesOf('One. Two!\nThree? Four'), ['One.', 'Two!', 'Three?', 'Four']);
});

test('the document check names the section', () => {
  const found = checkDocument({ summary: 'All good.', contributingFactors: "It was Grace's fault." }, team);
  assert.deepEqual(
    found.map((f) => [f.section, f.sentence, f.phrases]),
    [['contributingFactors', "It was Grace's fault.", ['fault']]],
  );
});

test('suggestions drop blame adjectives after a possessive', () => {
  assert.equal(
    suggestNeutral("Ana's sloppy migration lost the orders.", 'Ana’s'),
    'The migration lost the orders.',
  );
});
