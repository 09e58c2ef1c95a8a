import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ChartkitError } from '../core/errors.ts';

/**
 * Read a YAML or JSON file people edit (ci/*-values.yaml, a chart's package.json, …). A file that
 * does not parse is one line: the file as the user knows it, line:column, the parser's reason, and
 * what to do — never a stack trace.
 */

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

export function readYamlFile(file: string, shown: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return parseYaml(text);
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    const at = error.linePos?.[0] ? `${error.linePos[0].line}:${error.linePos[0].col}` : lineColumn(text, error.pos[0]);
    throw new ChartkitError('USAGE', `${shown}:${at}: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}; fix the YAML`);
  }
}

export function readJsonFile(file: string, shown: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const position = /position (\d+)/.exec(error.message);
    const at = position ? lineColumn(text, Number(position[1])) : lineColumn(text, text.length);
    throw new ChartkitError('USAGE', `${shown}:${at}: ${error.message.replace(/ in JSON at position \d+.*$/, '')}; fix the JSON`);
  }
}
