/** One image the user asked for: where it is and what they know about it. */
export interface SourceEntry {
  /** Stable id: the manifest's `id`, or the path relative to the input folder. */
  readonly id: string;
  /** Absolute path of the file. */
  readonly path: string;
  /** Every other manifest column, kept for the outputs. */
  readonly metadata: Readonly<Record<string, string>>;
}

/** Lists the images of one input (a folder, a CSV manifest). */
export interface ImageSource {
  readonly name: string;
  /** What was read, for messages and run.json (e.g. the folder or manifest path). */
  readonly location: string;
  list(): Promise<SourceListing>;
}

export interface SourceListing {
  readonly entries: readonly SourceEntry[];
  /** Rows or files that could not even be listed (e.g. a manifest row without a path). */
  readonly problems: ReadonlyArray<{ readonly id: string | null; readonly path: string | null; readonly message: string }>;
}
