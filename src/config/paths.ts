// Where Flowgate keeps its files by default. Pure: the environment is passed in, never read
// from process.env here (parse-config.ts hands over the merged environment).

import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** The folder name under the XDG cache directory. */
export const APP_DIR_NAME = 'flowgate';

/** The user's home: `HOME` from the given environment, else the operating system's idea of it. */
export function homeDir(env: Readonly<Record<string, string | undefined>>): string {
  const home = env.HOME;
  return home !== undefined && home.trim() !== '' ? home : homedir();
}

/**
 * `$XDG_CACHE_HOME/flowgate`, else `$HOME/.cache/flowgate`, always absolute. A relative
 * `XDG_CACHE_HOME` is ignored, as the XDG Base Directory specification requires.
 */
export function defaultConfigDir(env: Readonly<Record<string, string | undefined>>): string {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg !== undefined && xdg.trim() !== '' && isAbsolute(xdg)) {
    return resolve(xdg, APP_DIR_NAME);
  }
  return resolve(homeDir(env), '.cache', APP_DIR_NAME);
}

/**
 * Makes a user-given directory absolute: a leading `~` or `~/` means the home directory (an
 * env file is not expanded by a shell), anything relative is taken from `cwd`.
 */
export function resolveDir(
  dir: string,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string = process.cwd(),
): string {
  if (dir === '~') return resolve(homeDir(env));
  if (dir.startsWith('~/')) return resolve(join(homeDir(env), dir.slice(2)));
  return resolve(cwd, dir);
}
