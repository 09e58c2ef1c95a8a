/** Files Helm leaves out of a package, as the charts' .helmignore lists them: `dir/`, `name`, `*.ext`. */
export function helmIgnored(relFile: string, patterns: readonly string[]): boolean {
  const parts = relFile.split('/');
  return patterns.some((raw) => {
    const p = raw.trim();
    if (!p || p.startsWith('#')) return false;
    if (p.endsWith('/')) return parts.slice(0, -1).includes(p.slice(0, -1));
    if (p.startsWith('*.')) return relFile.endsWith(p.slice(1));
    return parts.includes(p);
  });
}
