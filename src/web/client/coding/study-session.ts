import { nextOpen } from './next-open.js';

/**
 * Interpretability coding as a state machine: one task at a time, a cursor over its options
 * (arrows), a pick (a number key, or Enter on the cursor), a skip, and Backspace to go back.
 */
export class StudySession {
  index: number;
  cursor = 0;
  private readonly answers: Map<string, string | null>;

  constructor(
    private readonly tasks: ReadonlyArray<{ taskId: string; options: ReadonlyArray<{ optionId: string }> }>,
    answered: Readonly<Record<string, string | null>>,
  ) {
    this.answers = new Map(Object.entries(answered));
    this.index = nextOpen(tasks.length, -1, (i) => this.answers.has(tasks[i].taskId));
    this.placeCursor();
  }

  get total(): number {
    return this.tasks.length;
  }

  get done(): boolean {
    return this.index >= this.tasks.length;
  }

  get answeredCount(): number {
    return this.tasks.filter((task) => this.answers.has(task.taskId)).length;
  }

  answerOf(taskId: string): string | null | undefined {
    return this.answers.get(taskId);
  }

  private placeCursor(): void {
    const task = this.tasks[this.index];
    const answer = task ? this.answers.get(task.taskId) : undefined;
    const at = task && answer ? task.options.findIndex((o) => o.optionId === answer) : -1;
    this.cursor = Math.max(0, at);
  }

  moveCursor(step: number): void {
    const task = this.tasks[this.index];
    if (!task) return;
    this.cursor = (this.cursor + step + task.options.length) % task.options.length;
  }

  /** Picks an option by its position (0-based; the cursor's when omitted), or skips with null. */
  choose(position: number | null = this.cursor): { taskId: string; choice: string | null } | null {
    const task = this.tasks[this.index];
    if (!task) return null;
    if (position !== null && (position < 0 || position >= task.options.length)) return null;
    const choice = position === null ? null : task.options[position].optionId;
    this.answers.set(task.taskId, choice);
    this.index = nextOpen(this.tasks.length, this.index, (i) => this.answers.has(this.tasks[i].taskId));
    this.placeCursor();
    return { taskId: task.taskId, choice };
  }

  back(): boolean {
    if (this.index === 0) return false;
    this.index = Math.min(this.index, this.tasks.length) - 1;
    this.placeCursor();
    return true;
  }
}
