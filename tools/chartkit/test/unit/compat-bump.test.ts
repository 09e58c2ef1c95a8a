import { describe, expect, it } from 'vitest';
import { evaluateGate, pickPublished, requiredBump, versionBump, type Bump, type GateInput } from '../../src/compat/bump.ts';
import { changelogAllows, changesetAllows, parseAllowLines, parseChangeset, pendingBump } from '../../src/compat/changesets.ts';
import { makeFinding } from '../../src/compat/types.ts';

/** The bump requirement: findings, the bump on the way, allows. */
const selector = makeFinding('immutable', 'breaking', 'DaemonSet/kube-system/foo', 'spec.selector', 'matchLabels.app "a" → "b" (immutable: Kubernetes rejects the upgrade)', 'defaults');
const newKey = makeFinding('values-added', 'addition', 'values', 'debug', 'new optional key');

function gate(over: Partial<GateInput> & { pending?: Bump }): ReturnType<typeof evaluateGate> {
  return evaluateGate({ chart: 'foo', published: '1.2.0', current: '1.2.0', findings: [selector, newKey], pending: 'none', allows: [], allowProblems: [], ...over });
}

describe('the required bump', () => {
  it('breaking needs major, an addition minor; in 0.x the minor acts as the major', () => {
    expect([requiredBump('breaking', '1.2.0'), requiredBump('addition', '1.2.0')]).toEqual(['major', 'minor']);
    expect([requiredBump('breaking', '0.3.1'), requiredBump('addition', '0.3.1')]).toEqual(['minor', 'patch']);
  });

  it('the version step since the published version', () => {
    expect([versionBump('1.2.0', '2.0.0'), versionBump('1.2.0', '1.3.0'), versionBump('1.2.0', '1.2.1'), versionBump('1.2.0', '1.2.0'), versionBump('1.2.0', '1.1.0')]).toEqual(['major', 'minor', 'patch', 'none', 'none']);
    expect(versionBump('1.2.0', '2.0.0-rc.1')).toBe('major');
  });

  it('the published version a chart follows is the newest one not above it', () => {
    expect(pickPublished(['0.1.0', '1.0.0', '0.2.0', 'junk'], '0.2.0')).toBe('0.2.0');
    expect(pickPublished(['0.1.0', '1.0.0'], '0.9.0')).toBe('0.1.0');
    expect(pickPublished(['2.0.0'], '1.0.0')).toBeUndefined();
  });
});

describe('the gate', () => {
  it('a bump that is too small fails with one line per finding', () => {
    const r = gate({ pending: 'minor' });
    expect(r.pass).toBe(false);
    expect(r.failures).toEqual(['DaemonSet/kube-system/foo spec.selector: matchLabels.app "a" → "b" (immutable: Kubernetes rejects the upgrade); needs a major bump (pending changeset bumps minor)']);
    expect(r.covered.map((f) => f.id)).toEqual(['values-added:debug']);
  });

  it('a major bump passes', () => {
    const r = gate({ pending: 'major' });
    expect(r).toMatchObject({ pass: true, failures: [], bump: 'major', required: 'major' });
    expect(r.covered).toHaveLength(2);
  });

  it('without a pending changeset, it says which bump to add', () => {
    expect(gate({}).failures).toEqual([
      'DaemonSet/kube-system/foo spec.selector: matchLabels.app "a" → "b" (immutable: Kubernetes rejects the upgrade); needs a major bump: add a changeset that bumps foo major (npx changeset)',
      'values debug: new optional key; needs a minor bump: add a changeset that bumps foo minor (npx changeset)',
    ]);
  });

  it('a version already raised since the published one counts (changeset version ran, the changesets are gone)', () => {
    expect(gate({ current: '2.0.0' }).pass).toBe(true);
    expect(gate({ current: '1.3.0' }).failures).toEqual([expect.stringMatching(/; needs a major bump \(version 1\.2\.0 → 1\.3\.0 is a minor bump\)$/)]);
    expect(gate({ current: '1.3.0', pending: 'major' }).pass).toBe(true);
  });

  it('--allow, or a compat-allow line with its reason, lets a finding through', () => {
    const r = gate({ pending: 'minor', allows: [{ id: selector.id, reason: 'the old selector never matched', source: '.changeset/x.md' }] });
    expect(r.pass).toBe(true);
    expect(r.allowed.map((a) => a.finding.id)).toEqual([selector.id]);
    expect(gate({ pending: 'minor', allows: [{ id: 'immutable:DaemonSet/kube-system/bar:spec.selector', reason: 'r', source: '--allow' }] }).notes).toEqual([
      '--allow: compat-allow immutable:DaemonSet/kube-system/bar:spec.selector matches no finding',
    ]);
  });

  it('an allow without a reason fails', () => {
    const { allows, problems } = parseAllowLines(`compat-allow: ${selector.id}`, '.changeset/x.md');
    const r = gate({ pending: 'minor', allows, allowProblems: problems });
    expect(r.pass).toBe(false);
    expect(r.failures).toContain(`.changeset/x.md: "compat-allow: ${selector.id}" gives no reason; write "compat-allow: ${selector.id} — <why this break is deliberate>"`);
  });

  it('0.x: a minor bump covers a breaking change, a patch bump an addition', () => {
    expect(gate({ published: '0.4.0', current: '0.4.0', pending: 'minor' }).pass).toBe(true);
    const patch = gate({ published: '0.4.0', current: '0.4.0', pending: 'patch' });
    expect(patch.failures).toEqual(['DaemonSet/kube-system/foo spec.selector: matchLabels.app "a" → "b" (immutable: Kubernetes rejects the upgrade); needs a minor bump (breaking in 0.x; pending changeset bumps patch)']);
    expect(gate({ published: '0.4.0', current: '0.4.0', findings: [newKey], pending: 'patch' }).pass).toBe(true);
    expect(gate({ published: '0.4.0', current: '0.5.0' }).pass).toBe(true);
    expect(gate({ published: '0.4.0', current: '0.4.0', findings: [newKey] }).failures).toEqual([
      'values debug: new optional key; needs a patch bump (an addition in 0.x): add a changeset that bumps foo patch (npx changeset)',
    ]);
  });

  it('no findings pass without any bump', () => {
    expect(gate({ findings: [] })).toMatchObject({ pass: true, failures: [], required: 'none' });
  });
});

describe('changesets and allow lines', () => {
  const text = ['---', '"foo": major', '"bar": patch', '---', '', 'Select pods by component.', '', `compat-allow: ${selector.id} — the old selector matched the agent's pods too`, 'compat-allow: values-removed:legacy -- removed after two releases of deprecation'].join('\n');

  it('reads the front matter with changesets\' parser and the allow lines of the body', () => {
    const c = parseChangeset(text, '.changeset/x.md');
    expect(c.releases).toEqual([
      { name: 'foo', type: 'major' },
      { name: 'bar', type: 'patch' },
    ]);
    expect(c.allows).toEqual([
      { id: selector.id, reason: "the old selector matched the agent's pods too", source: '.changeset/x.md' },
      { id: 'values-removed:legacy', reason: 'removed after two releases of deprecation', source: '.changeset/x.md' },
    ]);
    expect(() => parseChangeset('---\n"foo": huge\n---\n', '.changeset/bad.md')).toThrow(/^\.changeset\/bad\.md: could not parse changeset/);
  });

  it('a chart\'s pending bump: the biggest changeset naming it, at least a patch when one names a chart it depends on', () => {
    const sets = [parseChangeset(text, 'a.md'), parseChangeset('---\n"foo": minor\n---\n\nx', 'b.md')];
    expect(pendingBump('foo', [], sets)).toBe('major');
    expect(pendingBump('bar', [], sets)).toBe('patch');
    expect(pendingBump('umbrella', ['foo'], sets)).toBe('patch');
    expect(pendingBump('other', [], sets)).toBe('none');
  });

  it('allow lines apply to the charts their changeset names', () => {
    const sets = [parseChangeset(text, 'a.md')];
    expect(changesetAllows('foo', sets).allows).toHaveLength(2);
    expect(changesetAllows('umbrella', sets).allows).toEqual([]);
  });

  it('allow lines released into CHANGELOG.md count for the versions above the published one', () => {
    const changelog = ['# foo', '', '## 2.0.0', '', '### Major Changes', '', '- 506d37c: Select pods by component.', '', `  compat-allow: ${selector.id} — deliberate`, '', '## 1.2.0', '', '- compat-allow: values-removed:old — long ago'].join('\n');
    expect(changelogAllows(changelog, '1.2.0', '2.0.0', 'CHANGELOG.md').allows).toEqual([{ id: selector.id, reason: 'deliberate', source: 'CHANGELOG.md 2.0.0' }]);
  });
});
