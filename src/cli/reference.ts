import type { Command } from 'commander';

/**
 * The CLI reference (docs/cli.md) generated from the commands' own help, so the documentation
 * cannot drift from the code: a test compares the file with this output.
 */
export function cliReference(program: Command): string {
  const sections: string[] = [
    '# connote command-line reference',
    '',
    'Generated from `connote --help` and each command\'s `--help` (`npm run docs:cli`); a test keeps it in step with the code.',
    '',
  ];
  const visit = (command: Command, path: string[]): void => {
    command.configureHelp({ helpWidth: 100 });
    const name = [...path, command.name()].join(' ');
    sections.push(`## \`${name}\``, '', '```text', command.helpInformation().trimEnd(), '```', '');
    for (const sub of command.commands) visit(sub, [...path, command.name()]);
  };
  visit(program, []);
  return `${sections.join('\n').trimEnd()}\n`;
}
