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
