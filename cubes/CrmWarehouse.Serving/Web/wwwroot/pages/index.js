// The page registry: every page module of the UI, in nav order within its group. Add a line per page.
import explorer from './explorer.js';
import sql from './sql.js';
import apiReference from './api.js';
import churn from './dashboards-churn.js';
import profile from './dashboards-profile.js';
import pareto from './dashboards-pareto.js';
import loyalty from './dashboards-loyalty.js';
import profitability from './dashboards-profitability.js';
import rfm from './dashboards-rfm.js';
import segments from './dashboards-segments.js';
import rules from './dashboards-rules.js';
import alerts from './dashboards-alerts.js';
import loads from './dashboards-loads.js';
import customer from './customer.js';

export default [
  explorer,
  sql,
  apiReference,
  churn, profile, pareto, loyalty, profitability, rfm, segments, rules, alerts, loads,
  customer,
];
