import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planCrdCopies, sha256Hex, sourcesRecord, type CrdSource } from '../../src/core/crd-copies.ts';
import { staleCrdCopies } from '../../src/adapters/workspace-files.ts';

const source: CrdSource = {
  chart: 'demo',
  source: 'Go module example.org/operator@v1.0.0',
  files: [{ file: 'example.org_jobs.yaml', from: 'example.org/operator@v1.0.0/crds/example.org_jobs.yaml', bytes: Buffer.from('apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n') }],
};

let chart: string;
beforeEach(() => {
  chart = mkdtempSync(path.join(os.tmpdir(), 'chartkit-crd-copies-'));
});
afterEach(() => rmSync(chart, { recursive: true, force: true }));

const write = (file: string, text: string | Buffer): void => {
  mkdirSync(path.dirname(path.join(chart, file)), { recursive: true });
  writeFileSync(path.join(chart, file), text);
};

describe('the copies of a chart’s operator CRDs', () => {
  it('are files/crds/<source file name>, byte for byte, and SOURCES.json with where each came from and its sha256', () => {
    const plan = planCrdCopies(chart, source);
    expect(plan.map((p) => path.relative(chart, p.file))).toEqual(['files/crds/example.org_jobs.yaml', 'files/crds/SOURCES.json']);
    expect(plan[0]!.bytes.equals(source.files[0]!.bytes)).toBe(true);
    const record = JSON.parse(plan[1]!.bytes.toString('utf8'));
    expect(record).toEqual(sourcesRecord(source));
    expect(record.files).toEqual([{ file: 'example.org_jobs.yaml', from: source.files[0]!.from, sha256: sha256Hex(source.files[0]!.bytes) }]);
  });

  it('are stale when missing, when a byte differs, and list files the pin does not name', () => {
    const plan = planCrdCopies(chart, source);
    expect(staleCrdCopies(chart, plan).stale).toHaveLength(2);
    for (const p of plan) write(path.relative(chart, p.file), p.bytes);
    expect(staleCrdCopies(chart, plan)).toEqual({ stale: [], extra: [] });
    write('files/crds/example.org_jobs.yaml', Buffer.concat([source.files[0]!.bytes, Buffer.from('\n')]));
    write('files/crds/old.yaml', 'x');
    const found = staleCrdCopies(chart, plan);
    expect(found.stale.map((p) => path.basename(p.file))).toEqual(['example.org_jobs.yaml']);
    expect(found.extra.map((f) => path.basename(f))).toEqual(['old.yaml']);
  });
});
