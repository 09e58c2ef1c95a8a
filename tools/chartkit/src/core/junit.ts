import { XMLParser } from 'fast-xml-parser';

export interface TestCaseResult {
  suite: string;
  name: string;
  status: 'passed' | 'failed' | 'errored' | 'skipped';
  message?: string;
}

export interface TestReport {
  tests: number;
  failed: number;
  errored: number;
  skipped: number;
  passed: number;
  cases: TestCaseResult[];
}

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Parse a JUnit XML report as helm-unittest writes it (`-t JUnit -o file`). */
export function parseJUnit(xml: string): TestReport {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', textNodeName: '#text', parseAttributeValue: false, htmlEntities: true });
  const doc = parser.parse(xml) as Record<string, unknown>;
  const root = (doc.testsuites ?? { testsuite: doc.testsuite }) as { testsuite?: unknown };
  const cases: TestCaseResult[] = [];
  for (const suite of asArray(root.testsuite as Record<string, unknown> | Record<string, unknown>[])) {
    const suiteName = String(suite.name ?? '');
    for (const tc of asArray(suite.testcase as Record<string, unknown> | Record<string, unknown>[])) {
      const failure = tc.failure as Record<string, unknown> | string | undefined;
      const error = tc.error as Record<string, unknown> | string | undefined;
      const text = (node: Record<string, unknown> | string | undefined): string =>
        node === undefined ? '' : typeof node === 'string' ? node : String(node['#text'] ?? node.message ?? '');
      let status: TestCaseResult['status'] = 'passed';
      let message: string | undefined;
      if (error !== undefined) {
        status = 'errored';
        message = text(error);
      } else if (failure !== undefined) {
        status = 'failed';
        message = text(failure);
      } else if (tc.skipped !== undefined) status = 'skipped';
      const result: TestCaseResult = { suite: suiteName, name: String(tc.name ?? ''), status };
      if (message) result.message = message;
      cases.push(result);
    }
  }
  const count = (s: TestCaseResult['status']): number => cases.filter((c) => c.status === s).length;
  return { tests: cases.length, failed: count('failed'), errored: count('errored'), skipped: count('skipped'), passed: count('passed'), cases };
}
