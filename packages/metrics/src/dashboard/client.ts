/**
 * The dashboard's browser script, as a string inlined into the HTML file. Plain ES2019 with no
 * imports: it reads the embedded data, builds the filters, and draws the charts with the inlined
 * ECharts. Every value shown lists the documentIds it came from (tooltips and the values table).
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('medsupply-data').textContent);
  // Okabe-Ito: distinguishable with the common colour-vision deficiencies.
  var PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
  var names = data.names || {};
  function label(key) { return key ? (names[key] ? names[key] + ' (' + key.split('|').pop() + ')' : key.split('|').pop()) : ''; }
  function text(s) { return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
  function docsText(docs) { return docs && docs.length ? 'documents: ' + docs.slice(0, 8).join(', ') + (docs.length > 8 ? ' (+' + (docs.length - 8) + ')' : '') : ''; }
  function fmt(v) { return v === null ? 'not computable' : (Math.round(v * 1000) / 1000).toString(); }
  function uniq(list) { var seen = {}, out = []; list.forEach(function (x) { if (x && !seen[x]) { seen[x] = 1; out.push(x); } }); return out.sort(); }

  var rows = data.metrics;
  var products = uniq(rows.map(function (r) { return r.product; }).concat(data.shortages.map(function (s) { return s.product; })));
  var locations = uniq(rows.map(function (r) { return r.location; }));
  var months = uniq(rows.filter(function (r) { return r.period && r.period.length === 7; }).map(function (r) { return r.period; }));

  function fill(select, values, all) {
    select.innerHTML = '<option value="">' + text(all) + '</option>' + values.map(function (v) { return '<option value="' + text(v) + '">' + text(label(v) || v) + '</option>'; }).join('');
  }
  var fProduct = document.getElementById('filter-product');
  var fLocation = document.getElementById('filter-location');
  var fFrom = document.getElementById('filter-from');
  var fTo = document.getElementById('filter-to');
  fill(fProduct, products, 'All products');
  fill(fLocation, locations, 'All locations');
  fFrom.innerHTML = months.map(function (m) { return '<option>' + m + '</option>'; }).join('');
  fTo.innerHTML = fFrom.innerHTML;
  if (months.length) { fFrom.value = months[0]; fTo.value = months[months.length - 1]; }

  function state() { return { product: fProduct.value, location: fLocation.value, from: fFrom.value, to: fTo.value }; }
  function inPeriod(p, s) {
    if (!p) return true;
    var m = p.length === 4 ? [p + '-01', p + '-12'] : [p.slice(0, 7), p.slice(0, 7)];
    return (!s.from || m[1] >= s.from) && (!s.to || m[0] <= s.to);
  }
  function pick(metric, s) {
    return rows.filter(function (r) {
      return r.metric === metric && (!s.product || !r.product || r.product === s.product) &&
        (!s.location || !r.location || r.location === s.location) && inPeriod(r.period, s);
    });
  }
  var charts = {};
  function chart(id) {
    if (!charts[id]) charts[id] = echarts.init(document.getElementById(id), null, { renderer: 'svg' });
    return charts[id];
  }
  var base = { color: PALETTE, aria: { enabled: true, decal: { show: true } }, animation: false,
    textStyle: { fontSize: 13 }, grid: { left: 70, right: 30, top: 50, bottom: 60 } };
  function option(o) { var out = {}; for (var k in base) out[k] = base[k]; for (var j in o) out[j] = o[j]; return out; }
  function empty(id, message) {
    chart(id).clear();
    chart(id).setOption(option({ title: { text: message, left: 'center', top: 'middle', textStyle: { fontSize: 14, color: '#444' } } }));
  }
  function tooltip(p) { var d = p.data || {}; return text(p.seriesName) + '<br>' + text(d.label || '') + ': <b>' + fmt(d.value[1] !== undefined ? d.value[1] : d.value) + '</b><br><small>' + text(docsText(d.docs)) + '</small>'; }

  function monthsOfStock(s) {
    var list = pick('months-of-stock', s);
    if (!list.length) return empty('chart-mos', 'No months-of-stock values for this selection');
    var bySeries = {};
    list.forEach(function (r) {
      var name = label(r.location) + ' / ' + label(r.product);
      (bySeries[name] = bySeries[name] || []).push({ value: [r.period, r.value], docs: r.documents, label: r.period });
    });
    var keys = Object.keys(bySeries).sort();
    var series = keys.map(function (k, i) {
      return { name: k, type: 'line', symbolSize: 8, data: bySeries[k].sort(function (a, b) { return a.value[0] < b.value[0] ? -1 : 1; }),
        markArea: i ? undefined : { silent: true, itemStyle: { color: 'rgba(0,158,115,0.12)' },
          data: [[{ yAxis: data.plan.minMonths, name: 'plan ' + data.plan.minMonths + '-' + data.plan.maxMonths + ' months' }, { yAxis: data.plan.maxMonths }]] } };
    });
    chart('chart-mos').setOption(option({
      tooltip: { trigger: 'item', formatter: tooltip }, legend: { type: 'scroll', top: 0 },
      xAxis: { type: 'category', name: 'month', data: uniq(list.map(function (r) { return r.period; })) },
      yAxis: { type: 'value', name: 'months of stock' }, series: series }), true);
  }

  function stockOuts(s) {
    var list = pick('stock-out-rate', s);
    if (!list.length) return empty('chart-stockouts', 'No stock-out values for this selection');
    var byProduct = {};
    list.forEach(function (r) { (byProduct[r.product] = byProduct[r.product] || []).push({ value: [r.period, r.value === null ? null : r.value * 100], docs: r.documents, label: r.period }); });
    chart('chart-stockouts').setOption(option({
      tooltip: { trigger: 'item', formatter: function (p) { return tooltip(p) + ' %'; } }, legend: { type: 'scroll', top: 0 },
      xAxis: { type: 'category', name: 'month', data: uniq(list.map(function (r) { return r.period; })) },
      yAxis: { type: 'value', name: '% of locations stocked out', max: 100 },
      series: Object.keys(byProduct).sort().map(function (p) { return { name: label(p), type: 'bar', data: byProduct[p] }; }) }), true);
  }

  function leadTimes() {
    var d = data.leadTimes;
    if (!d.length) return empty('chart-leadtime', 'No received shipments with order dates');
    chart('chart-leadtime').setOption(option({
      tooltip: { trigger: 'item', formatter: function (p) { var x = d[p.dataIndex]; return text(label(x.party)) + '<br>n = ' + x.n + ', min ' + x.min + ', Q1 ' + x.q1 + ', median ' + x.median + ', Q3 ' + x.q3 + ', max ' + x.max + ' days'; } },
      xAxis: { type: 'category', name: 'supplier', data: d.map(function (x) { return label(x.party); }), axisLabel: { interval: 0, width: 140, overflow: 'truncate' } },
      yAxis: { type: 'value', name: 'days from order to receipt' },
      series: [{ name: 'lead time', type: 'boxplot', data: d.map(function (x) { return [x.min, x.q1, x.median, x.q3, x.max]; }) }] }), true);
  }

  function concentration(s) {
    var list = pick('supplier-hhi', s);
    if (!list.length) return empty('chart-hhi', 'No shipments with an actual ship date for this selection');
    var years = uniq(list.map(function (r) { return r.period; }));
    var prods = uniq(list.map(function (r) { return r.product; }));
    chart('chart-hhi').setOption(option({
      tooltip: { trigger: 'item', formatter: tooltip }, legend: { top: 0 },
      xAxis: { type: 'category', name: 'product', data: prods.map(label), axisLabel: { interval: 0, width: 120, overflow: 'truncate' } },
      yAxis: { type: 'value', name: 'HHI', max: 10000 },
      series: years.map(function (y, i) {
        return { name: y, type: 'bar', data: prods.map(function (p) { var r = list.filter(function (x) { return x.product === p && x.period === y; })[0];
          return r ? { value: r.value, docs: r.documents, label: label(p) + ' ' + y } : null; }),
          markLine: i ? undefined : { symbol: 'none', lineStyle: { type: 'dashed', color: '#D55E00' }, label: { position: 'insideEndTop', formatter: 'highly concentrated (1 800)' }, data: [{ yAxis: 1800 }] } };
      }) }), true);
  }

  function shortages(s) {
    var list = data.shortages.filter(function (x) { return (!s.product || x.product === s.product) && (!s.to || x.start <= s.to + '-31'); });
    if (!list.length) return empty('chart-shortages', 'No shortage notices for this selection');
    var prods = uniq(list.map(function (x) { return x.product; }));
    chart('chart-shortages').setOption(option({
      tooltip: { trigger: 'item', formatter: function (p) { var x = list[p.dataIndex]; return text(label(x.product)) + '<br>' + x.start + ' to ' + (x.end || 'open') + ' (' + x.status + (x.active ? ', active' : '') + ')<br><small>document: ' + text(x.document) + '</small>'; } },
      xAxis: { type: 'time', name: 'date' }, yAxis: { type: 'category', data: prods.map(label) },
      series: [{ name: 'shortages', type: 'custom', encode: { x: [1, 2], y: 0 },
        renderItem: function (params, api) {
          var start = api.coord([api.value(1), api.value(0)]), end = api.coord([api.value(2), api.value(0)]);
          var h = api.size([0, 1])[1] * 0.5;
          return { type: 'rect', shape: { x: start[0], y: start[1] - h / 2, width: Math.max(end[0] - start[0], 3), height: h },
            style: { fill: api.value(3) ? '#D55E00' : '#0072B2' } };
        },
        data: list.map(function (x) { return [prods.indexOf(x.product), x.start, x.end || data.asOf, x.active ? 1 : 0]; }) }] }), true);
  }

  function valuesTable(s) {
    var list = rows.filter(function (r) { return (!s.product || !r.product || r.product === s.product) && (!s.location || !r.location || r.location === s.location) && inPeriod(r.period, s); });
    var body = document.getElementById('values-body');
    body.innerHTML = list.slice(0, 2000).map(function (r) {
      return '<tr><td>' + text(r.metric) + '</td><td class="num">' + text(fmt(r.value)) + (r.reason ? ' <small>' + text(r.reason) + '</small>' : '') + '</td><td>' + text(r.unit || '') + '</td><td>' + text(label(r.product)) + '</td><td>' + text(label(r.location || r.party || r.site)) + '</td><td>' + text(r.period || '') + '</td><td class="docs">' + text(r.documents.join(' ')) + '</td></tr>';
    }).join('');
    document.getElementById('values-count').textContent = list.length + ' values' + (list.length > 2000 ? ' (first 2000 shown)' : '');
  }

  function render() {
    var s = state();
    monthsOfStock(s); stockOuts(s); leadTimes(); concentration(s); shortages(s); valuesTable(s);
    document.body.setAttribute('data-rendered', String(Date.now()));
  }
  [fProduct, fLocation, fFrom, fTo].forEach(function (el) { el.addEventListener('change', render); });
  window.addEventListener('resize', function () { for (var k in charts) charts[k].resize(); });
  render();
})();
`;
