import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OVERVIEW_STATES, type OverviewCounts } from '@csms/db';
import { GatewayMetrics } from '../gateway/src/metrics/gateway-metrics.ts';
import { WebMetrics } from '../web/src/lib/server/metrics/web-metrics.ts';
import { WorkerMetrics } from '../workers/src/metrics/worker-metrics.ts';

const ROOT = resolve(import.meta.dirname, '..');
const read = (path: string) => readFile(resolve(ROOT, path), 'utf8');

/** Every series name the three registries expose (histograms with their `_bucket`, `_sum` and `_count`). */
async function exportedSeries(): Promise<Set<string>> {
  const fleet: OverviewCounts = { stations: 0, online: 0, offline: 0, tiles: 0, states: Object.fromEntries(OVERVIEW_STATES.map((s) => [s, 0])) as OverviewCounts['states'] };
  const registries = [
    new GatewayMetrics({ nodeId: 'static', knownActions: [], connections: () => [] }).registry,
    new WorkerMetrics({ backlog: async () => 0, fleet: async () => fleet }).registry,
    new WebMetrics().registry,
  ];
  const names = new Set<string>();
  for (const registry of registries) {
    for (const metric of await registry.getMetricsAsJSON()) {
      names.add(metric.name);
      if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
    }
  }
  return names;
}

/** Metric names in a PromQL expression: identifiers that are not functions, keywords, labels or label values. */
function metricNames(expr: string): string[] {
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\{[^}]*\}/g, '{}');
  const names: string[] = [];
  for (const match of withoutStrings.matchAll(/(?<![\w$.])[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const word = match[0];
    const after = withoutStrings.slice(match.index + word.length).trimStart();
    if (after.startsWith('(') || /^(by|without)\s*\(/.test(after)) continue; // a function or an aggregation: rate(, sum by (le) (
    if (['by', 'without', 'and', 'or', 'unless', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset'].includes(word)) continue;
    // a grouping list's labels: `by (le, node)`
    const before = withoutStrings.slice(0, match.index);
    if (/\b(by|without|on|ignoring)\s*\([^)]*$/.test(before)) continue;
    names.push(word);
  }
  return names;
}

/** Prometheus's own series, not ours. */
const PROMETHEUS_SERIES = new Set(['up']);

describe('deploy/: the Grafana dashboard and the Prometheus configuration', () => {
  it('the expression scanner finds metric names and nothing else', () => {
    expect(metricNames('histogram_quantile(0.99, sum by (le, node) (rate(csms_a_bucket{x="y"}[5m]))) > 0.5')).toEqual(['csms_a_bucket']);
    expect(metricNames('max(a{state="offline"}) / clamp_min(max(b) + max(c), 1) > 0.1 and sum(rate(d[$__rate_interval])) == 0')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('every dashboard panel queries series the processes export', async () => {
    const exported = await exportedSeries();
    const dashboard = JSON.parse(await read('deploy/grafana/csms-dashboard.json')) as {
      uid: string;
      panels: { type: string; title: string; targets?: { expr: string }[] }[];
    };
    expect(dashboard.uid).toBe('csms-overview');
    const queries = dashboard.panels.filter((p) => p.type !== 'row').flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
    expect(queries.length).toBeGreaterThan(20);
    const unknown = queries.flatMap(({ panel, expr }) => metricNames(expr).filter((n) => !exported.has(n)).map((n) => `${panel}: ${n}`));
    expect(unknown).toEqual([]);
    for (const { expr } of queries) expect(metricNames(expr).length).toBeGreaterThan(0);
    // what the issue asks the dashboard to show
    const used = new Set(queries.flatMap(({ expr }) => metricNames(expr)));
    for (const name of [
      'csms_gateway_connections',
      'csms_gateway_calls_received_total',
      'csms_gateway_handler_duration_seconds_bucket',
      'csms_gateway_call_errors_sent_total',
      'csms_worker_outbox_backlog',
      'csms_worker_outbox_delivery_lag_seconds_bucket',
      'csms_gateway_commands_total',
      'csms_gateway_db_batch_ops_bucket',
      'csms_gateway_db_commit_seconds_bucket',
    ]) {
      expect(used, name).toContain(name);
    }
  });

  it('the scrape configuration names every process and the rule file', async () => {
    const config = parse(await read('deploy/prometheus/prometheus.yml')) as { rule_files: string[]; scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[] };
    expect(config.rule_files).toEqual(['alerts.yml']);
    expect(config.scrape_configs.map((c) => c.job_name).sort()).toEqual(['csms-gateway', 'csms-web', 'csms-worker', 'temporal-sdk']);
    for (const job of config.scrape_configs) for (const target of job.static_configs.flatMap((s) => s.targets)) expect(target).toMatch(/^[a-z0-9-]+:\d+$/);
  });

  it('every alert rule evaluates series the processes export, and the issue\'s alerts are there', async () => {
    const exported = await exportedSeries();
    const rules = parse(await read('deploy/prometheus/alerts.yml')) as { groups: { name: string; rules: { alert: string; expr: string; for: string; labels: { severity: string }; annotations: { summary: string } }[] }[] };
    const all = rules.groups.flatMap((g) => g.rules);
    for (const rule of all) {
      expect(rule.alert).toMatch(/^Csms[A-Za-z]+$/);
      expect(rule.for).toMatch(/^\d+[smh]$/);
      expect(['warning', 'critical']).toContain(rule.labels.severity);
      expect(rule.annotations.summary.length).toBeGreaterThan(0);
      const names = metricNames(rule.expr);
      expect(names.length, rule.alert).toBeGreaterThan(0);
      expect(names.filter((n) => !exported.has(n) && !PROMETHEUS_SERIES.has(n)), rule.alert).toEqual([]);
    }
    const byName = new Map(all.map((r) => [r.alert, r.expr]));
    expect(byName.get('CsmsProcessDown')).toContain('up{');
    expect(byName.get('CsmsOutboxLagHigh')).toContain('csms_worker_outbox_delivery_lag_seconds_bucket');
    expect(byName.get('CsmsCallErrorRateHigh')).toContain('csms_gateway_call_errors_sent_total');
    expect(byName.get('CsmsStationsOffline')).toContain('csms_worker_stations');
  });
});
