import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/types/context.js';
import { BUILT_IN_PROMPTS, describers, resolvePrompt } from '../../src/describe/index.js';
import type { DescribeOutcome } from '../../src/describe/types.js';
import { describerConformance } from '../conformance/describer.js';
import { tempDir } from '../support/temp.js';

const EXAMPLE = resolve('examples/climate-demo');
const make = (prompt = 'connotative') =>
  describers.get('reference').create({
    prompt: BUILT_IN_PROMPTS[prompt],
    baseDir: EXAMPLE,
    settings: { files: { connotative: 'descriptions.connotative.jsonl', denotative: 'descriptions.denotative.jsonl' } },
  });

describe('reference describer', () => {
  describerConformance(make, () => [
    { imageHash: 'h1', ids: ['nasa-earthrise'], path: join(EXAMPLE, 'images/nasa-earthrise.jpg') },
    { imageHash: 'h2', ids: ['not-in-file', 'congress-a000069'], path: join(EXAMPLE, 'images/congress-a000069.jpg') },
    { imageHash: 'h3', ids: ['not-in-file'], path: join(EXAMPLE, 'images/congress-a000069.jpg') },
  ]);

  it('answers with the text for the chosen prompt, and a failure naming the ids it lacks', async () => {
    const out: DescribeOutcome[] = [];
    for await (const o of make('denotative').describe(
      [
        { imageHash: 'h1', ids: ['nasa-earthrise'], path: '' },
        { imageHash: 'h2', ids: ['missing-one'], path: '' },
      ],
      createContext(),
    )) {
      out.push(o);
    }
    expect(out[0]).toMatchObject({ kind: 'description', status: 'ok' });
    expect(out[0].kind === 'description' && out[0].text).toMatch(/\w/);
    expect(out[1]).toMatchObject({ kind: 'failure' });
    expect(out[1].kind === 'failure' && out[1].message).toMatch(/no 'denotative' description for missing-one/);
  });

  it('keeps every text of byte-identical items: one outcome per distinct text, each naming its items', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'd.jsonl'),
      ['{"id":"meme-1","text":"Annotator A: a joke about denial."}', '{"id":"meme-2","text":"Annotator B: anger at inaction."}', '{"id":"meme-3","text":"Annotator A: a joke about denial."}'].join('\n'),
    );
    const describer = describers.get('reference').create({ prompt: BUILT_IN_PROMPTS.connotative, baseDir: dir, settings: { file: 'd.jsonl' } });
    const out: DescribeOutcome[] = [];
    for await (const o of describer.describe([{ imageHash: 'same', ids: ['meme-1', 'meme-2', 'meme-3', 'meme-4'], path: '' }], createContext())) out.push(o);
    expect(out).toEqual([
      // meme-4 has no line: it shares the image's first text, as a plain duplicate would.
      { kind: 'description', imageHash: 'same', itemIds: ['meme-1', 'meme-3', 'meme-4'], status: 'ok', text: 'Annotator A: a joke about denial.' },
      { kind: 'description', imageHash: 'same', itemIds: ['meme-2'], status: 'ok', text: 'Annotator B: anger at inaction.' },
    ]);
  });

  it('refuses an id given two different texts in one file, naming both lines', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'd.jsonl'), '{"id":"a","text":"one"}\n{"id":"a","text":"one"}\n{"id":"a","text":"two"}\n');
    expect(() => describers.get('reference').create({ prompt: BUILT_IN_PROMPTS.connotative, baseDir: dir, settings: { file: 'd.jsonl' } })).toThrow(
      /d\.jsonl line 3: id 'a' already has a different 'connotative' text \(.*d\.jsonl line 2\)/,
    );
  });

  it('fingerprints the file in its signature, so edited descriptions are not confused with old ones', () => {
    expect(make().signature.model).toMatch(/^descriptions\.connotative\.jsonl@[0-9a-f]{12}$/);
    expect(make('denotative').signature.model).not.toBe(make().signature.model);
  });

  it('names the file and line of a malformed entry', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'd.jsonl'), '{"id":"a","text":"fine"}\n{"id": "b", oops}\n');
    expect(() =>
      describers.get('reference').create({ prompt: BUILT_IN_PROMPTS.connotative, baseDir: dir, settings: { file: 'd.jsonl' } }),
    ).toThrow(/d\.jsonl line 2: not valid JSON/);
  });
});

describe('prompts', () => {
  it('hashes the exact text and resolves names and files', () => {
    expect(resolvePrompt({}).name).toBe('connotative');
    expect(resolvePrompt({ prompt: 'denotative' }).text).toMatch(/^Describe only what is visibly depicted/);
    expect(BUILT_IN_PROMPTS.connotative.hash).not.toBe(BUILT_IN_PROMPTS.denotative.hash);
    const dir = tempDir();
    writeFileSync(join(dir, 'p.txt'), '  Describe the mood.  \n');
    const fromFile = resolvePrompt({ promptFile: join(dir, 'p.txt') });
    expect(fromFile.text).toBe('Describe the mood.');
    expect(() => resolvePrompt({ prompt: 'nope' })).toThrow(/unknown prompt 'nope'; built-in prompts are connotative, denotative/);
  });
});

describe('built-in prompts', () => {
  it('are exactly the prompts the bundled reference descriptions answer', async () => {
    const { readFileSync } = await import('node:fs');
    for (const name of ['connotative', 'denotative']) {
      expect(BUILT_IN_PROMPTS[name].text).toBe(readFileSync(join(EXAMPLE, 'prompts', `${name}.txt`), 'utf8').trim());
    }
  });
});
