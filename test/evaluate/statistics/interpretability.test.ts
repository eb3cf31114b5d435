import { describe, expect, it } from 'vitest';
import { createInterpretabilityTasks, type InterpretabilityKey } from '../../../src/evaluate/coding/interpretability-tasks.js';
import { scoreInterpretability, type InterpretabilityResponse } from '../../../src/evaluate/statistics/interpretability.js';
import { NOISE_LABEL } from '../../../src/evaluate/coding/types.js';
import { createRandom } from '../../../src/util/random.js';

function makeClustering(clusters: number, size: number): Map<string, number> {
  const clustering = new Map<string, number>();
  for (let c = 0; c < clusters; c++) for (let i = 0; i < size; i++) clustering.set(`c${c}-i${i}`, c);
  clustering.set('stray', NOISE_LABEL);
  return clustering;
}
const summariesFor = (clusters: number): Map<number, string> =>
  new Map(Array.from({ length: clusters }, (_, c) => [c, `keywords of cluster ${c}`]));

/** The task that shows `cluster`, and the option id under which `label`'s summary appears in it. */
function answer(key: InterpretabilityKey, rater: string, cluster: number, label: number | null): InterpretabilityResponse {
  const taskId = Object.keys(key.tasks).find((id) => key.tasks[id].cluster === cluster)!;
  const choice = label === null ? null : Object.entries(key.tasks[taskId].options).find(([, l]) => l === label)![0];
  return { taskId, rater, choice };
}

describe('createInterpretabilityTasks', () => {
  const clustering = makeClustering(12, 9);
  const summaries = summariesFor(12);

  it('makes one task per cluster (noise excluded) with m of its images and every summary once', () => {
    const { tasks, key } = createInterpretabilityTasks(clustering, summaries, { imagesPerSet: 4, seed: 1 });
    expect(tasks).toHaveLength(12);
    expect(key.choices).toBe(12);
    for (const task of tasks) {
      const cluster = key.tasks[task.taskId].cluster;
      expect(task.images).toHaveLength(4);
      expect(new Set(task.images).size).toBe(4);
      for (const image of task.images) expect(clustering.get(image)).toBe(cluster);
      expect(task.options.map((o) => o.summary).sort()).toEqual([...summaries.values()].sort());
      for (const option of task.options) expect(summaries.get(key.tasks[task.taskId].options[option.optionId])).toBe(option.summary);
    }
  });

  it('shuffles task order and each task’s list of summaries, reproducibly', () => {
    const first = createInterpretabilityTasks(clustering, summaries, { imagesPerSet: 3, seed: 2 });
    expect(createInterpretabilityTasks(clustering, summaries, { imagesPerSet: 3, seed: 2 })).toEqual(first);
    const clusterOrder = first.tasks.map((task) => first.key.tasks[task.taskId].cluster);
    expect(clusterOrder).not.toEqual([...clusterOrder].sort((a, b) => a - b));
    const orders = new Set(first.tasks.map((task) => task.options.map((o) => o.summary).join('|')));
    expect(orders.size).toBeGreaterThan(1);
  });

  it('shows all images of a cluster smaller than m, and needs a summary for every cluster', () => {
    const small = new Map([['a', 0], ['b', 1], ['c', 1]]);
    const { tasks } = createInterpretabilityTasks(small, summariesFor(2), { imagesPerSet: 5, seed: 3 });
    expect(tasks.map((task) => task.images.length).sort()).toEqual([1, 2]);
    expect(() => createInterpretabilityTasks(small, new Map([[0, 'x'], [5, 'y']]), { imagesPerSet: 2 })).toThrow(
      'cluster 1 has no keyword summary',
    );
  });
});

describe('scoreInterpretability', () => {
  const { key } = createInterpretabilityTasks(makeClustering(4, 5), summariesFor(4), { imagesPerSet: 3, seed: 4 });
  // r1 mistakes cluster 3 for 2; r2 mistakes cluster 2 for 3.
  const responses = [
    answer(key, 'r1', 0, 0), answer(key, 'r1', 1, 1), answer(key, 'r1', 2, 2), answer(key, 'r1', 3, 2),
    answer(key, 'r2', 0, 0), answer(key, 'r2', 1, 1), answer(key, 'r2', 2, 3), answer(key, 'r2', 3, 3),
  ];

  it('scores precision and recall per cluster and overall against chance 1/K', () => {
    const score = scoreInterpretability(key, responses);
    expect(score.precision).toBeCloseTo(0.75, 12);
    expect(score.recall).toBeCloseTo(0.75, 12);
    expect(score.chance).toBeCloseTo(0.25, 12);
    expect(score.clusters).toEqual([
      { cluster: '0', shown: 2, chosen: 2, correct: 2, precision: 1, recall: 1 },
      { cluster: '1', shown: 2, chosen: 2, correct: 2, precision: 1, recall: 1 },
      { cluster: '2', shown: 2, chosen: 2, correct: 1, precision: 0.5, recall: 0.5 },
      { cluster: '3', shown: 2, chosen: 2, correct: 1, precision: 0.5, recall: 0.5 },
    ]);
    expect(score.macroPrecision).toBeCloseTo(0.75, 12);
    expect(score.raters).toEqual(['r1', 'r2']);
    // Choices 0,1,2,2 against 0,1,3,3: p_o 0.5, p_e 0.125, kappa 3/7; Fleiss (Scott) 1/3.
    expect(score.cohenKappa!.kappa).toBeCloseTo(3 / 7, 12);
    expect(score.fleissKappa!.kappa).toBeCloseTo(1 / 3, 12);
  });

  it('merges named clusters before scoring, raising precision and the chance level', () => {
    const score = scoreInterpretability(key, responses, { merge: [[2, 3]] });
    expect(score.precision).toBe(1);
    expect(score.clusters.map((c) => c.cluster)).toEqual(['0', '1', '2+3']);
    expect(score.clusters[2]).toMatchObject({ shown: 4, chosen: 4, correct: 4 });
    // Chance: 1/4 on the four answers for clusters 0 and 1, 2/4 on the four for the merged pair.
    expect(score.chance).toBeCloseTo(0.375, 12);
    expect(score.cohenKappa!.kappa).toBe(1);
  });

  it('counts skipped tasks as misses for recall but not for precision', () => {
    const score = scoreInterpretability(key, [answer(key, 'r1', 0, 0), answer(key, 'r1', 1, null)]);
    expect(score.skipped).toBe(1);
    expect(score.precision).toBe(1);
    expect(score.recall).toBe(0.5);
    expect(score.cohenKappa).toBeNull();
  });

  it('a rater who guesses lands near the chance level', () => {
    const many = createInterpretabilityTasks(makeClustering(30, 4), summariesFor(30), { imagesPerSet: 2, seed: 5 });
    const random = createRandom(6);
    const guesses: InterpretabilityResponse[] = [];
    for (let r = 0; r < 200; r++) {
      for (const taskId of Object.keys(many.key.tasks)) guesses.push({ taskId, rater: `r${r}`, choice: String(random.int(30) + 1) });
    }
    const score = scoreInterpretability(many.key, guesses);
    expect(score.chance).toBeCloseTo(1 / 30, 12);
    expect(Math.abs(score.precision - 1 / 30)).toBeLessThan(0.01);
    expect(Math.abs(score.fleissKappa!.kappa)).toBeLessThan(0.01);
  });

  it('rejects answers and merges that do not fit the key', () => {
    expect(() => scoreInterpretability(key, [{ taskId: 'nope', rater: 'r1', choice: '1' }])).toThrow(
      "rater 'r1' answered task 'nope', which is not in the key",
    );
    const taskId = Object.keys(key.tasks)[0];
    expect(() => scoreInterpretability(key, [{ taskId, rater: 'r1', choice: '9' }])).toThrow(/chose option '9'.*options 1\.\.4/);
    expect(() => scoreInterpretability(key, [answer(key, 'r1', 0, 0), answer(key, 'r1', 0, 1)])).toThrow(/answered task .* twice/);
    expect(() => scoreInterpretability(key, responses, { merge: [[2, 9]] })).toThrow('cannot merge cluster 9');
    expect(() => scoreInterpretability(key, responses, { merge: [[1, 2], [2, 3]] })).toThrow('cluster 2 is in more than one merge group');
  });
});
