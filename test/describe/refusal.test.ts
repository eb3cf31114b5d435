import { expect, test } from 'vitest';
import { looksLikeRefusal } from '../../src/describe/refusal.js';
import { criterionPrompt, makePrompt } from '../../src/describe/prompts.js';

test.each([
  "I'm sorry, I can't help with that.",
  'I’m sorry, but I can’t assist with this request.',
  'Sorry, I cannot describe this image.',
  "I can't help with identifying people in images.",
  'Unfortunately, I am unable to process this image.',
  'I cannot provide a description of this content.',
  '"I\'m unable to help with that."',
])('a refusal: %s', (text) => {
  expect(looksLikeRefusal(text)).toBe(true);
});

test.each([
  'A crowd holds banners reading "There is no planet B" in front of a parliament building.',
  'The meme shows a cartoon dog saying "I\'m sorry" while a house burns, mocking climate denial.',
  "I can't identify the person, but the image shows a politician at a podium with a banner reading 'Act now', conveying urgency about climate policy; the crowd behind cheers, the colours are warm, the composition centres the speaker, and the text frames the issue as a moral duty shared by everyone present at the rally, which would typically be shared by activists online.",
  '',
])('not a refusal: %s', (text) => {
  expect(looksLikeRefusal(text)).toBe(false);
});

test('criterion prompts are versioned, name their criterion, and hash their wording', () => {
  const emotion = criterionPrompt('  the emotion\nconveyed ');
  expect(emotion.name).toBe('criterion:the emotion conveyed');
  expect(emotion.version).toBe(1);
  expect(emotion.text).toContain('the emotion conveyed');
  expect(emotion.hash).toBe(makePrompt(emotion.name, emotion.text).hash);
  expect(criterionPrompt('the political stance').hash).not.toBe(emotion.hash);
  expect(() => criterionPrompt('   ')).toThrow(/criterion is empty/);
  expect(() => criterionPrompt('x'.repeat(400))).toThrow(/under 300/);
});
