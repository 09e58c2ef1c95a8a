import { XMLBuilder, XMLParser } from 'fast-xml-parser';

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

const MERGE_OPTIONS = { ignoreAttributes: false, attributeNamePrefix: '@_', textNodeName: '#text' } as const;

/**
 * One JUnit XML report of several charts' helm-unittest reports (`chartkit test --junit FILE`):
 * every suite as the plugin wrote it (cases, messages, times, properties), its name and its cases'
 * classname prefixed with `<chart>/` and its `package` set to the chart, so suites of the same name in
 * two charts stay apart; the totals on `<testsuites>` count the cases.
 */
export function mergeJUnit(reports: readonly { chart: string; xml: string }[]): string {
  const parser = new XMLParser({
    ...MERGE_OPTIONS,
    parseAttributeValue: false,
    parseTagValue: false,
    htmlEntities: true,
    isArray: (name) => name === 'testsuite' || name === 'testcase' || name === 'property',
  });
  const suites: Record<string, unknown>[] = [];
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
  for (const { chart, xml } of reports) {
    const doc = parser.parse(xml) as Record<string, unknown>;
    const root = (doc.testsuites ?? { testsuite: doc.testsuite }) as { testsuite?: Record<string, unknown>[] };
    for (const suite of root.testsuite ?? []) {
      const cases = (suite.testcase ?? []) as Record<string, unknown>[];
      for (const tc of cases) {
        tc['@_classname'] = `${chart}/${String(tc['@_classname'] ?? suite['@_name'] ?? '')}`;
        totals.tests++;
        if (tc.error !== undefined) totals.errors++;
        else if (tc.failure !== undefined) totals.failures++;
        else if (tc.skipped !== undefined) totals.skipped++;
      }
      const time = Number(suite['@_time']);
      if (Number.isFinite(time)) totals.time += time;
      suites.push({ ...suite, '@_id': String(suites.length), '@_name': `${chart}/${String(suite['@_name'] ?? '')}`, '@_package': chart });
    }
  }
  const builder = new XMLBuilder({ ...MERGE_OPTIONS, format: true, indentBy: '  ', suppressEmptyNode: true });
  const body = builder.build({
    testsuites: {
      '@_name': 'chartkit test',
      '@_tests': String(totals.tests),
      '@_failures': String(totals.failures),
      '@_errors': String(totals.errors),
      '@_skipped': String(totals.skipped),
      '@_time': totals.time.toFixed(3),
      testsuite: suites,
    },
  }) as string;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}
