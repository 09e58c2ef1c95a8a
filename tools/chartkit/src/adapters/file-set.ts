import { existsSync, readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ChartkitError } from '../core/errors.ts';

export interface PlannedFile {
  file: string;
  content: string;
}

/**
 * Write a set of files all-or-nothing: every file is staged next to its target first; only when all
 * are staged are they moved into place, and a failure while moving restores what was there.
 */
export function writeFileSet(files: readonly PlannedFile[]): void {
  const staged: { target: string; temp: string; backup?: string; created: boolean }[] = [];
  const token = `${process.pid}-${Date.now()}`;
  try {
    for (const f of files) {
      mkdirSync(path.dirname(f.file), { recursive: true });
      const temp = `${f.file}.chartkit-${token}`;
      writeFileSync(temp, f.content);
      staged.push({ target: f.file, temp, created: !existsSync(f.file) });
    }
  } catch (error) {
    for (const s of staged) rmSync(s.temp, { force: true });
    throw new ChartkitError('GENERATOR', `could not write ${staged.length < files.length ? files[staged.length]!.file : 'files'}: ${(error as Error).message}; nothing was changed`, { cause: error });
  }
  const moved: typeof staged = [];
  try {
    for (const s of staged) {
      if (!s.created) {
        s.backup = `${s.target}.chartkit-backup-${token}`;
        writeFileSync(s.backup, readFileSync(s.target));
      }
      renameSync(s.temp, s.target);
      moved.push(s);
    }
  } catch (error) {
    for (const s of moved) {
      if (s.backup) renameSync(s.backup, s.target);
      else rmSync(s.target, { force: true });
    }
    for (const s of staged) rmSync(s.temp, { force: true });
    throw new ChartkitError('GENERATOR', `could not replace files (${(error as Error).message}); nothing was changed`, { cause: error });
  } finally {
    for (const s of staged) if (s.backup) rmSync(s.backup, { force: true });
  }
}
