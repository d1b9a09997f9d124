/**
 * Finds the `medsupply …` commands of a Markdown file, following the convention written at the top of
 * docs/guides/README.md: every line of a ```sh block that runs `medsupply` (first word, or after a
 * pipe) is a command, run as written from the repository root; a trailing `# exit N` comment gives
 * the exit code it must end with (0 otherwise). Other lines (`export …`, `npx …`) are not run.
 */

/** One documented command. */
export interface GuideCommand {
  /** Line of the command in its file (1-based; the first line when it continues over several). */
  line: number;
  /** The command as written, continuation lines joined. */
  command: string;
  /** The exit code it must end with. */
  exitCode: number;
}

const FENCE = /^\s*(`{3,}|~{3,})\s*([\w-]*)/;
const SHELL_LANGUAGES = new Set(['sh', 'shell', 'bash', 'console']);
const ENV_PREFIX = /^(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*/;
const EXIT_COMMENT = /\s#\s*exit\s+(\d+)\b/;

/** True when the line runs `medsupply`: as its first word (after `VAR=value` prefixes) or after a pipe. */
export function runsMedsupply(line: string): boolean {
  const body = line.replace(ENV_PREFIX, '');
  return /^medsupply(\s|$)/.test(body) || /\|\s*(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*medsupply(\s|$)/.test(body);
}

/** The exit code a command line documents (`# exit N`), 0 when it says none. */
export function documentedExitCode(line: string): number {
  const match = EXIT_COMMENT.exec(line);
  return match ? Number(match[1]) : 0;
}

/** Every `medsupply` command in the shell blocks of a Markdown text, in order. */
export function extractCommands(markdown: string): GuideCommand[] {
  const commands: GuideCommand[] = [];
  const lines = markdown.split(/\r?\n/);
  let fence: string | undefined;
  let shell = false;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const opening = FENCE.exec(text);
    if (fence === undefined) {
      if (opening) {
        fence = opening[1]!;
        shell = SHELL_LANGUAGES.has(opening[2]!.toLowerCase());
      }
      continue;
    }
    if (opening && opening[1]!.startsWith(fence) && opening[2] === '') {
      fence = undefined;
      continue;
    }
    if (!shell) continue;
    const first = i;
    let command = text.replace(/^\s*\$\s+/, '');
    while (command.endsWith('\\') && i + 1 < lines.length)
      command = `${command.slice(0, -1).trimEnd()} ${lines[++i]!.trim()}`;
    if (runsMedsupply(command.trim()))
      commands.push({ line: first + 1, command: command.trim(), exitCode: documentedExitCode(command) });
  }
  return commands;
}
