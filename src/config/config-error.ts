/** One problem in a configuration, with the path to the offending value. */
export interface ConfigProblem {
  path: string;
  message: string;
}

/** Thrown when a configuration is invalid; lists every problem at once. */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];
  readonly source: string;

  constructor(source: string, problems: ConfigProblem[]) {
    super(`Invalid configuration (${source}):\n${problems.map((problem) => `  ${problem.path}: ${problem.message}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
    this.source = source;
  }
}
