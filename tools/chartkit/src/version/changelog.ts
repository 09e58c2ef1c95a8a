/**
 * Reading the CHANGELOG.md sections changesets writes:
 *
 *     ## 0.3.0
 *
 *     ### Minor Changes
 *
 *     - 506d37c: Read the queue name from values.
 *
 *     ### Patch Changes
 *
 *     - Updated dependencies [506d37c]
 *       - worker@0.3.0
 *
 * Pure functions: text in, data out.
 */

export interface ChangelogSection {
  version: string;
  /** The lines between this heading and the next `## ` heading. */
  lines: string[];
}

const HEADING = /^##\s+v?(\S+)\s*$/;

/** Every `## <version>` section, in file order (changesets puts the newest first). */
export function changelogSections(text: string): ChangelogSection[] {
  const sections: ChangelogSection[] = [];
  let current: ChangelogSection | undefined;
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    const m = HEADING.exec(line);
    if (m) {
      current = { version: m[1]!, lines: [] };
      sections.push(current);
    } else if (/^#\s/.test(line)) {
      current = undefined;
    } else if (current) {
      current.lines.push(line);
    }
  }
  return sections;
}

/** A changeset summary without the commit hash changesets puts in front of it. */
function clean(text: string): string {
  return text
    .replace(/^[0-9a-f]{7,40}:\s+/, '')
    .replace(/^(\[[0-9a-f]{7,40}\]\([^)]*\)|`?[0-9a-f]{7,40}`?)\s+/, '')
    .replace(/^Updated dependencies\s*\[[^\]]*\]/, 'Updated dependencies')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The changes listed in the newest section for `version`, one string per top-level bullet. Nested
 * bullets (the dependency list under "Updated dependencies") are appended after a colon. Returns
 * undefined when the changelog has no section for that version.
 */
export function changesForVersion(text: string, version: string): string[] | undefined {
  const section = changelogSections(text).find((s) => s.version === version);
  if (!section) return undefined;
  const items: { text: string; sub: string[] }[] = [];
  let current: { text: string; sub: string[] } | undefined;
  for (const line of section.lines) {
    if (/^###\s/.test(line) || line.trim() === '') {
      if (/^###\s/.test(line)) current = undefined;
      continue;
    }
    const top = /^[-*]\s+(.*)$/.exec(line);
    if (top) {
      current = { text: top[1]!, sub: [] };
      items.push(current);
      continue;
    }
    if (!current) continue;
    const nested = /^\s+[-*]\s+(.*)$/.exec(line);
    if (nested) current.sub.push(nested[1]!.trim());
    else if (current.sub.length > 0) current.sub[current.sub.length - 1] += ` ${line.trim()}`;
    else current.text += ` ${line.trim()}`;
  }
  return items
    .map((i) => {
      const head = clean(i.text);
      return i.sub.length > 0 ? `${head}: ${i.sub.map(clean).join(', ')}` : head;
    })
    .filter((s) => s.length > 0);
}
