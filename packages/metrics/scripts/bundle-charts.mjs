#!/usr/bin/env node
/**
 * Bundles the part of Apache ECharts the dashboard uses (tree-shaken from `echarts/core`, SVG renderer)
 * into dist/dashboard/echarts.bundle.js, which `renderDashboard` inlines into the HTML file.
 * Decision 0016 has the sizes measured against the full prebuilt echarts.min.js.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'dist', 'dashboard', 'echarts.bundle.js');
mkdirSync(dirname(out), { recursive: true });
const entry = `
import * as core from 'echarts/core';
import { BarChart, LineChart, BoxplotChart, ScatterChart, CustomChart } from 'echarts/charts';
import {
  GridComponent, TooltipComponent, LegendComponent, TitleComponent, DataZoomComponent,
  MarkAreaComponent, MarkLineComponent, AriaComponent, DatasetComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
core.use([BarChart, LineChart, BoxplotChart, ScatterChart, CustomChart, GridComponent, TooltipComponent,
  LegendComponent, TitleComponent, DataZoomComponent, MarkAreaComponent, MarkLineComponent, AriaComponent,
  DatasetComponent, SVGRenderer]);
globalThis.echarts = core;
`;
await build({
  stdin: { contents: entry, resolveDir: here, loader: 'js' },
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2019',
  legalComments: 'eof',
  outfile: out,
  logLevel: 'warning',
});
console.log(`bundled ECharts for the dashboard: ${statSync(out).size} bytes`);
