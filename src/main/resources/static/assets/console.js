// The console's scripts: the CSRF header on htmx requests (when sign-in is on), the replay and monthly charts, the
// error page's back link. Everything runs from this file: the Content-Security-Policy allows no inline script.
// Chart data comes as JSON in a data-chart attribute; the charts' tooltips are drawn on the canvas (renderMode
// richText), so no text of a case ever becomes HTML there and ECharts adds no style attributes the policy refuses.
document.addEventListener('htmx:configRequest', function (event) {
  var token = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header && token.content && header.content) {
    event.detail.headers[header.content] = token.content;
  }
});

// ECharts (1 MB) only where a chart is drawn: a page with an element of class "chart" loads it from the address in
// <meta name="echarts-src"> (fingerprinted, cached for a year) and then draws. A script file from the service itself,
// so the policy's script-src 'self' allows it. Use withCharts(draw) for a page's charts instead of DOMContentLoaded.
var echartsLoading = null;
function loadEcharts() {
  if (typeof echarts !== 'undefined') return Promise.resolve();
  if (!echartsLoading) {
    echartsLoading = new Promise(function (resolve, reject) {
      var meta = document.querySelector('meta[name="echarts-src"]');
      if (!meta) { reject(new Error('no echarts-src')); return; }
      var script = document.createElement('script');
      script.src = meta.content;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }
  return echartsLoading;
}
// Charts are drawn at once, not animated in, for people who ask their system for less motion (prefers-reduced-motion,
// WCAG 2.3.3).
var animate = !(window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches);
function withCharts(draw) {
  document.addEventListener('DOMContentLoaded', function () {
    if (document.querySelector('.chart')) loadEcharts().then(draw);
  });
}

function drawReplayCharts() {
  var data = document.getElementById('chart-data');
  if (!data || typeof echarts === 'undefined') return;
  var chart = JSON.parse(data.dataset.chart);
  var drill = data.dataset.drill;
  var byTypeEl = document.getElementById('chart-by-type');
  if (byTypeEl && chart.types.length) {
    var byType = echarts.init(byTypeEl);
    byType.setOption({
      animation: animate,
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}, renderMode: 'richText'},
      legend: {data: [data.dataset.changed]},
      grid: {left: 170, right: 20, top: 30, bottom: 20},
      xAxis: {type: 'value', minInterval: 1},
      yAxis: {type: 'category', data: chart.typeLabels || chart.types},
      // the changed cases only: beside thousands of unchanged ones a change would be a sliver
      series: [
        {name: data.dataset.changed, type: 'bar', data: chart.changed, itemStyle: {color: '#d9534f'}, label: {show: true, position: 'right'}}
      ]
    });
    byType.on('click', function (p) { window.location = drill + '?type=' + encodeURIComponent(chart.types[p.dataIndex]); });
    window.addEventListener('resize', function () { byType.resize(); });
  }
  var matrixEl = document.getElementById('chart-matrix');
  var select = document.getElementById('matrix-type');
  if (matrixEl && select) {
    var matrix = echarts.init(matrixEl);
    var draw = function () {
      var type = select.value;
      // only the cells that changed: the unchanged diagonal would be the darkest and say nothing
      var rows = chart.transitions.filter(function (t) { return t.type === type && t.before !== t.after; });
      var befores = Array.from(new Set(rows.map(function (t) { return t.before; }))).sort();
      var afters = Array.from(new Set(rows.map(function (t) { return t.after; }))).sort();
      var max = Math.max.apply(null, rows.map(function (t) { return t.count; }).concat([1]));
      matrix.setOption({
        animation: animate,
        tooltip: {renderMode: 'richText', formatter: function (p) { return befores[p.value[1]] + ' → ' + afters[p.value[0]] + ': ' + p.value[2]; }},
        grid: {left: 170, right: 20, top: 20, bottom: 90},
        xAxis: {type: 'category', data: afters, name: data.dataset.after, axisLabel: {rotate: 30}},
        yAxis: {type: 'category', data: befores, name: data.dataset.before},
        visualMap: {min: 0, max: max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0,
          inRange: {color: ['#fde0dc', '#d9534f', '#8b1a1a']}},
        series: [{type: 'heatmap', label: {show: true},
          data: rows.map(function (t) { return [afters.indexOf(t.after), befores.indexOf(t.before), t.count]; })}]
      }, true);
    };
    select.addEventListener('change', draw);
    matrix.on('click', function () { window.location = drill + '?type=' + encodeURIComponent(select.value); });
    draw();
    window.addEventListener('resize', function () { matrix.resize(); });
  }
  drawMoneyChart(data, chart.money);
}

// The impact in money by responsible unit: a diverging bar per figure (more to the right, in red; less to the left,
// in green); a click opens the unit's changed cases.
function drawMoneyChart(data, money) {
  var el = document.getElementById('chart-money');
  if (!el || !money || !money.keys.length) return;
  var chart = echarts.init(el);
  var colour = function (up, down) {
    return function (p) { return p.value >= 0 ? up : down; };
  };
  chart.setOption({
    animation: animate,
    tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}, renderMode: 'richText'},
    legend: {data: [data.dataset.loss, data.dataset.compensation, data.dataset.approval]},
    grid: {left: 10, right: 30, top: 30, bottom: 20, containLabel: true},
    xAxis: {type: 'value'},
    yAxis: {type: 'category', data: money.labels.slice().reverse()},
    series: [
      {name: data.dataset.loss, type: 'bar', data: money.lossDifference.slice().reverse(), itemStyle: {color: colour('#b42318', '#1a7f37')}},
      {name: data.dataset.compensation, type: 'bar', data: money.compensationDifference.slice().reverse(), itemStyle: {color: colour('#e07b39', '#5bb37a')}},
      {name: data.dataset.approval, type: 'bar', data: money.approvalDifference.slice().reverse(), itemStyle: {color: colour('#9a6700', '#8fbf9f')}}
    ]
  });
  var keys = money.keys.slice().reverse();
  chart.on('click', function (p) { window.location = data.dataset.units + '?unit=' + encodeURIComponent(keys[p.dataIndex]); });
  window.addEventListener('resize', function () { chart.resize(); });
}
withCharts(drawReplayCharts);

// The monthly summary's charts (P19), from the summary the page embeds.
function drawMonthlyCharts() {
  var data = document.getElementById('monthly-data');
  if (!data || typeof echarts === 'undefined') return;
  var s = JSON.parse(data.dataset.chart);
  var charts = [];
  var names = s.labels || {};
  function bars(id, counts, labels) {
    var el = document.getElementById(id);
    if (!el) return;
    labels = labels || {};
    var rows = counts.slice(0, 20).reverse();
    var chart = echarts.init(el);
    chart.setOption({
      animation: animate,
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}, renderMode: 'richText'},
      grid: {left: 10, right: 30, top: 10, bottom: 20, containLabel: true},
      xAxis: {type: 'value', minInterval: 1},
      yAxis: {type: 'category', data: rows.map(function (c) { return labels[c.key] || c.key; })},
      series: [{name: data.dataset.cases, type: 'bar', data: rows.map(function (c) { return c.cases; }),
        itemStyle: {color: '#4a78b5'}, label: {show: true, position: 'right'}}]
    });
    charts.push(chart);
  }
  function pie(id, parts) {
    var el = document.getElementById(id);
    if (!el) return;
    var chart = echarts.init(el);
    chart.setOption({
      animation: animate,
      tooltip: {trigger: 'item', renderMode: 'richText'},
      legend: {bottom: 0},
      series: [{type: 'pie', radius: ['35%', '65%'], label: {formatter: '{c}'},
        data: parts.filter(function (p) { return p.value > 0; })}]
    });
    charts.push(chart);
  }
  bars('chart-product', s.byProduct, names.byProduct);
  bars('chart-problem', s.byProblem, names.byProblem);
  bars('chart-unit', s.byUnit, names.byUnit);
  bars('chart-province', s.byProvince, names.byProvince);
  bars('chart-remedies', s.remedies, names.remedies);
  bars('chart-decisions', s.decisions.map(function (d) { return {key: d.type + ' ' + d.value, cases: d.cases}; })
    .sort(function (a, b) { return b.cases - a.cases; }), names.decisions);
  pie('chart-sla', [
    {name: data.dataset.kept, value: s.responseSla.kept, itemStyle: {color: '#5cb85c'}},
    {name: data.dataset.missed, value: s.responseSla.missed, itemStyle: {color: '#d9534f'}},
    {name: data.dataset.pending, value: s.responseSla.pending, itemStyle: {color: '#b8c4d6'}}]);
  pie('chart-satisfaction', [
    {name: data.dataset.satisfied, value: s.satisfaction.satisfied, itemStyle: {color: '#5cb85c'}},
    {name: data.dataset.notSatisfied, value: s.satisfaction.notSatisfied, itemStyle: {color: '#d9534f'}},
    {name: data.dataset.notCalled, value: s.satisfaction.notCalled, itemStyle: {color: '#b8c4d6'}}]);
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
}
withCharts(drawMonthlyCharts);

// The error page's "back" link (a javascript: address would need an unsafe policy).
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('a[data-back]').forEach(function (link) {
    link.addEventListener('click', function (event) {
      event.preventDefault();
      history.back();
    });
  });
});

// The case page's print button: one page for the case file (console.css @media print hides navigation and forms).
document.addEventListener('DOMContentLoaded', function () {
  var print = document.getElementById('print-case');
  if (print) print.addEventListener('click', function () { window.print(); });
});
