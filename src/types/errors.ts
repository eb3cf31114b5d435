/**
 * Errors a stage may raise that other layers catch by class: one shared place, so a caller
 * (the pipeline, the CLI, the evaluation study) never imports a stage just to recognise its error.
 */

/** Raised when a model cannot be loaded: the run stops and says why and what to do. */
export class ModelUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelUnavailableError';
  }
}

/**
 * Thrown when a statistic has no value for the data given, e.g. Krippendorff's alpha when every
 * pairable value is the same (0/0), or a kappa whose chance agreement is already perfect.
 * A distinct class so callers can report "undefined" instead of failing a whole evaluation.
 */
export class UndefinedStatisticError extends Error {
  constructor(
    readonly statistic: string,
    readonly reason: string,
  ) {
    super(`${statistic} is undefined: ${reason}`);
    this.name = 'UndefinedStatisticError';
  }
}

/**
 * Raised when the person stops a run (Ctrl-C) inside a step that keeps nothing partial (a UMAP,
 * an HDBSCAN): everything finished before it (descriptions, embeddings) is already stored, so
 * running the same command again continues from there. The command line exits with 130.
 */
export class StoppedError extends Error {
  constructor(readonly step: string) {
    super(`stopped during ${step}; everything finished before it is saved: run the same command again to continue`);
    this.name = 'StoppedError';
  }
}
