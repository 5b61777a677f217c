// The page registry: every page module of the UI, in nav order within its group. Add a line per page.
import explorer from './explorer.js';
import sql from './sql.js';
import apiReference from './api.js';

export default [
  explorer,
  sql,
  apiReference,
];
