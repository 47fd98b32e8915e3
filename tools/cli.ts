#!/usr/bin/env -S npx tsx
/**
 * `npx wholepicture <command> [options]`: a small dispatcher for the project's commands.
 *
 *   link    batch record linkage (see tools/link.ts)
 */
import { pathToFileURL } from 'node:url';
import { realpathSync } from 'node:fs';

type Command = { describe: string; run: (argv: readonly string[]) => Promise<number> };

export const COMMANDS: Record<string, Command> = {
  link: {
    describe: 'link or deduplicate person records from CSV/parquet files',
    run: async (argv) => (await import('./link.ts')).main(argv),
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.describe}`);
  return ['usage: wholepicture <command> [options]', '', 'commands:', ...lines].join('\n');
}

export async function dispatch(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.run(rest);
}

const invoked = process.argv[1] ? pathToFileURL(realpathSync(process.argv[1])).href : '';
if (import.meta.url === invoked) {
  dispatch(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
