import { describe, expect, it } from 'vitest';
import { changelogSections, changesForVersion } from '../../src/version/changelog.ts';

/** As @changesets/cli/changelog writes it (commit hashes present when the changeset was committed). */
const CHANGELOG = `# worker

## 0.3.0

### Minor Changes

- 506d37c: Read the queue name from values.
- 1a2b3c4d: Add a PodDisruptionBudget,
  enabled with \`pdb.enabled\`.

### Patch Changes

- Updated dependencies [506d37c, 1a2b3c4]
  - base@0.1.1
  - other@2.0.0

## 0.2.0

### Major Changes

- Drop the v1 values.
`;

describe('changelogSections', () => {
  it('lists version sections newest first, as changesets writes them', () => {
    expect(changelogSections(CHANGELOG).map((s) => s.version)).toEqual(['0.3.0', '0.2.0']);
    expect(changelogSections('# only a title\n')).toEqual([]);
  });
});

describe('changesForVersion', () => {
  it('turns the section of a version into one line per change, without commit hashes', () => {
    expect(changesForVersion(CHANGELOG, '0.3.0')).toEqual([
      'Read the queue name from values.',
      'Add a PodDisruptionBudget, enabled with `pdb.enabled`.',
      'Updated dependencies: base@0.1.1, other@2.0.0',
    ]);
    expect(changesForVersion(CHANGELOG, '0.2.0')).toEqual(['Drop the v1 values.']);
  });

  it('returns undefined when no section was written for the version', () => {
    expect(changesForVersion(CHANGELOG, '9.9.9')).toBeUndefined();
    expect(changesForVersion('# worker\n', '0.1.0')).toBeUndefined();
  });

  it('reads CRLF files and uncommitted changesets (no hash)', () => {
    expect(changesForVersion('# x\r\n\r\n## 1.0.1\r\n\r\n### Patch Changes\r\n\r\n- Updated dependencies\r\n  - y@2.0.0\r\n', '1.0.1')).toEqual(['Updated dependencies: y@2.0.0']);
  });
});
